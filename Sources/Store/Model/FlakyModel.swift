/// The thresholds of the flakiness model (docs/flaky.md says why each is what it is).
public struct FlakyModel: Sendable, Equatable {
    /// Runs started in this many days before now form the window.
    public var windowDays = 30
    /// Tests with fewer runs than this in the window get no classification.
    public var minRuns = 5
    /// A run in which more than this share of tests failed is an outage, left out of flakiness.
    public var outageFailureFraction = 0.5
    /// ... when it has at least this many tests (in a tiny run, two failures are not an outage).
    public var outageMinTests = 10
    /// Flip evidence: at least `minFlips` pass↔fail changes and this flip rate.
    public var flipRateThreshold = 0.1
    public var minFlips = 4
    /// A test whose latest this-many runs all failed is broken.
    public var brokenStreak = 5
    /// This many clean runs in a row clear a test's flake evidence: it is healthy again.
    public var healthyAfter = 30
    /// Evidence lists (runs, commits) keep the most recent this-many entries; counts stay exact.
    public var maxEvidence = 100

    public init() {}
}

/// What the flakiness model concludes about a test.
public enum FlakyClassification: String, Sendable, CaseIterable {
    /// Passes and fails without a change that explains it.
    case flaky
    /// Fails consistently: its latest runs all failed. Takes precedence over flaky.
    case broken
    /// Neither.
    case healthy
}

/// `GET …/flaky`'s question: which runs to look at.
public struct FlakyQuery: Sendable, Equatable {
    public var days: Int
    public var branch: String?
    public var minRuns: Int
    /// The window ends here (epoch ms).
    public var now: Int64

    public init(days: Int, branch: String? = nil, minRuns: Int, now: Int64) {
        self.days = days
        self.branch = branch
        self.minRuns = minRuns
        self.now = now
    }
}

/// The window the report looked at.
public struct FlakyWindow: Sendable, Equatable {
    public var from: Int64
    public var to: Int64
    /// Finished runs in the window that counted.
    public var runs: Int
    /// Runs left out because most of their tests failed, newest first.
    public var outageRuns: [String]
    /// Runs in the window still running, left out until they finish.
    public var runningRuns: Int
}

/// Every test that failed in the window, with its signals, classification and score.
public struct FlakyReport: Sendable, Equatable {
    public var window: FlakyWindow
    /// Highest score first.
    public var tests: [FlakyTest]
}

/// One test's flakiness.
public struct FlakyTest: Sendable, Equatable {
    public var test: String
    /// nil: fewer than `minRuns` runs, no verdict.
    public var classification: FlakyClassification?
    /// From 0 (no current flake evidence) to 1; orders the list.
    public var score: Double
    /// Why the classification, in a sentence.
    public var reason: String
    public var quarantined: Bool
    public var signals: FlakySignals
}

/// The evidence, over the window's counted runs. Run lists are run keys, newest first.
public struct FlakySignals: Sendable, Equatable {
    /// Runs in which the test failed and then passed on a retry.
    public var retryCount = 0
    public var retryRuns: [String] = []
    /// Commits on which the test both failed and passed, in different runs.
    public var commitFlakes: [CommitFlake] = []
    /// Pass↔fail changes between consecutive runs of the same branch; `transitions` is the
    /// number of consecutive pairs (runs − 1 per branch). Skipped runs are not in the sequence.
    public var flips = 0
    public var transitions = 0
    /// Runs (not skipped) and, of them, failed ones.
    public var runs = 0
    public var failed = 0
    /// Trailing runs that passed cleanly / failed.
    public var cleanStreak = 0
    public var failingStreak = 0
    public var lastFlake: FlakeEvent?

    public var flipRate: Double { transitions == 0 ? 0 : Double(flips) / Double(transitions) }
    public var failureRate: Double { runs == 0 ? 0 : Double(failed) / Double(runs) }
}

/// A commit that both failed and passed.
public struct CommitFlake: Sendable, Equatable {
    public var commit: String
    /// Every counted run of the test on this commit, newest first.
    public var runs: [String]
    public var failedRuns: [String]
    public var passedRuns: [String]
}

/// The latest sign of flakiness.
public struct FlakeEvent: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// Failed, then passed on a retry in the same run.
        case retry
        /// Failed on a commit that also passed.
        case commit
        /// Failed, and passed again in the next run of the branch.
        case flip
    }

    public var run: String
    public var at: Int64?
    public var kind: Kind
}
