import Reports

/// Where a run stands: `running` until finished, then `passed` or `failed`.
public enum RunStatus: String, Sendable, Equatable {
    case running, passed, failed
}

/// Tests counted by their verdict in a run (a test with three attempts counts once).
public struct VerdictCounts: Sendable, Equatable {
    public var passed = 0, failed = 0, error = 0, skipped = 0, flaky = 0

    public init(passed: Int = 0, failed: Int = 0, error: Int = 0, skipped: Int = 0, flaky: Int = 0) {
        self.passed = passed
        self.failed = failed
        self.error = error
        self.skipped = skipped
        self.flaky = flaky
    }

    public var total: Int { passed + failed + error + skipped + flaky }

    public subscript(verdict: Verdict) -> Int {
        get {
            switch verdict {
            case .passed: return passed
            case .failed: return failed
            case .error: return error
            case .skipped: return skipped
            case .flaky: return flaky
            }
        }
        set {
            switch verdict {
            case .passed: passed = newValue
            case .failed: failed = newValue
            case .error: error = newValue
            case .skipped: skipped = newValue
            case .flaky: flaky = newValue
            }
        }
    }
}

/// One worker's lane in a run.
public struct WorkerSummary: Sendable, Equatable {
    public var name: String
    public var results: Int
    public var firstAt: Int64
    public var lastAt: Int64
}

/// A run as the API shows it.
public struct RunSummary: Sendable, Equatable {
    public var project: String
    public var key: String
    public var info: RunInfo
    public var status: RunStatus
    public var startedAt: Int64?
    public var finishedAt: Int64?
    public var createdAt: Int64
    public var updatedAt: Int64
    public var counts: VerdictCounts
    public var attempts: Int
    public var workers: [WorkerSummary]
    /// Quarantined tests (as of now) that ran in this run, with their verdicts: they still
    /// record results and count in `counts`, and a reader can tell them apart.
    public var quarantined: [QuarantinedTest] = []

    /// Wall time from the start to the finish, or to the latest activity while running.
    public var durationMs: Int64? {
        guard let start = startedAt else { return nil }
        let end = finishedAt ?? max(updatedAt, workers.map(\.lastAt).max() ?? updatedAt)
        return max(0, end - start)
    }
}

/// A project with its latest run.
public struct ProjectSummary: Sendable, Equatable {
    public var name: String
    public var runCount: Int
    public var latestRun: RunSummary?
}

/// One page of a list and the cursor of the next page, if any.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var next: String?
}

extension Page: Equatable where Item: Equatable {}
