/// A run against a base run: what broke, what was fixed, what came and went. Lists hold test keys
/// in key order.
public struct RunComparison: Sendable, Equatable {
    public var run: String
    /// nil when the run has no earlier finished run on its branch and none was named.
    public var base: String?
    /// Failing (`failed`/`error`) in the run, not failing in the base (or absent from it).
    public var newFailures: [String] = []
    /// Failing in the base, `passed` or `flaky` in the run.
    public var fixed: [String] = []
    /// Failing in both.
    public var stillFailing: [String] = []
    /// In the run, not in the base.
    public var newTests: [String] = []
    /// In the base, not in the run.
    public var removedTests: [String] = []
    /// `flaky` in the run: failed, then passed on a retry.
    public var flaky: [String] = []
    /// Wall time of each run (see `RunSummary.durationMs`).
    public var durationMs: Int64?
    public var baseDurationMs: Int64?
    /// Tests in both runs whose duration grew or shrank by at least `DurationChange.threshold`,
    /// largest change first.
    public var slower: [DurationChange] = []
    public var faster: [DurationChange] = []

    public var durationChangeMs: Int64? {
        guard let durationMs, let baseDurationMs else { return nil }
        return durationMs - baseDurationMs
    }
}

/// One test's duration in a run and in its base.
public struct DurationChange: Sendable, Equatable {
    public var test: String
    public var durationMs: Int64
    public var baseDurationMs: Int64

    public var changeMs: Int64 { durationMs - baseDurationMs }

    /// A change counts when it is at least 100 ms and at least half the base duration: small
    /// timings jitter by more than 50 %, long ones by more than 100 ms.
    static func isNotable(_ duration: Int64, base: Int64) -> Bool {
        let change = abs(duration - base)
        return change >= 100 && change * 2 >= base
    }

    /// At most this many tests in each of `slower` and `faster`.
    static let listLimit = 20
}
