import Reports

/// A test a CI job may skip or ignore. It still records results.
public struct QuarantineEntry: Sendable, Equatable {
    public var test: String
    public var reason: String
    public var createdAt: Int64
}

/// A quarantined test that ran in a run, with its verdict there.
public struct QuarantinedTest: Sendable, Equatable {
    public var test: String
    public var verdict: Verdict
}
