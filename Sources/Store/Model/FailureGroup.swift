/// Where a failure signature was seen: a run, its branch and its start.
public struct Sighting: Sendable, Equatable {
    public var run: String
    public var branch: String?
    public var at: Int64?
}

/// The failures of one run that share a normalized cause.
public struct FailureGroup: Sendable, Equatable {
    /// The normalized cause; nil for failures that said nothing about why (no message, type or trace).
    public var signature: String?
    /// Failing tests, in key order.
    public var tests: [String]
    /// Not seen on the run's branch nor on the default branch in the `newDays` before the run.
    public var isNew: Bool
    /// The earliest and latest runs of the project with this signature (any branch, this run included).
    public var firstSeen: Sighting?
    public var lastSeen: Sighting?
    /// The latest earlier sighting that makes the signature known (nil when new).
    public var seenBefore: Sighting?
    /// The raw first line of one test's failure message, as the tool reported it.
    public var example: String?
}

/// A run's failures grouped by signature: new causes first, then the largest groups.
public struct RunFailures: Sendable, Equatable {
    public var run: String
    public var branch: String?
    public var groups: [FailureGroup]
}
