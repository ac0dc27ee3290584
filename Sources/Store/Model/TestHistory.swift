import Reports

/// A test's verdict in one run, with where and on what it ran: one row of its history.
public struct TestRunEntry: Sendable, Equatable {
    public var run: String
    public var verdict: Verdict
    public var attempts: Int
    public var durationMs: Int64?
    public var worker: String?
    public var commit: String?
    public var branch: String?
    public var startedAt: Int64?
    /// The normalized cause of the test's latest failed attempt in the run, if any.
    public var signature: String?
}

/// A test's runs, newest first, one page at a time.
public struct TestHistory: Sendable, Equatable {
    public var test: String
    public var quarantined: Bool
    public var entries: Page<TestRunEntry>
}

/// A test as the test list shows it: its latest verdict and how often it failed in the window.
public struct TestSummary: Sendable, Equatable {
    public var test: String
    public var latestVerdict: Verdict?
    public var latestRun: String?
    /// Runs in the window (finished, outages excluded) in which the test ran and was not skipped.
    public var runs: Int
    /// Of those, runs whose verdict was `failed` or `error`.
    public var failed: Int
    public var quarantined: Bool

    /// `failed / runs`; nil when there is no sample.
    public var failureRate: Double? { runs == 0 ? nil : Double(failed) / Double(runs) }
}
