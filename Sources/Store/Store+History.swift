import Reports

/// Test history, run comparison, failure signatures, flakiness and quarantine.
extension Store {
    /// The test's runs newest first; `before` is the previous page's `next`. nil for an unknown test.
    public func testHistory(project: String, test: String, limit: Int, before: Int64? = nil) throws -> TestHistory? {
        try read { try $0.testHistory(project: project, test: test, limit: limit, before: before) }
    }

    /// Tests whose key contains `search`, in key order, with their latest verdict and their
    /// failure rate over the runs started since `from` (finished, outages excluded).
    public func tests(
        project: String, search: String? = nil, limit: Int, after: String? = nil, from: Int64, model: FlakyModel = FlakyModel()
    ) throws -> Page<TestSummary> {
        try read { try $0.testSummaries(project: project, search: search, limit: limit, after: after, from: from, model: model) }
    }

    /// What the comparison found, or which run is missing.
    public enum Comparison: Sendable, Equatable {
        case compared(RunComparison)
        case noRun
        case noBase
    }

    /// `run` against `base`, by default the previous finished run on the same branch.
    public func compare(project: String, run: String, base: String? = nil) throws -> Comparison {
        try read { try $0.compare(project: project, run: run, base: base) }
    }

    /// The run's failures grouped by signature, each new or known. nil for an unknown run.
    public func failures(project: String, run: String, newDays: Int, defaultBranch: String) throws -> RunFailures? {
        try read { try $0.runFailures(project: project, run: run, newDays: newDays, defaultBranch: defaultBranch) }
    }

    /// Every test that failed in the window, classified; highest score first.
    public func flaky(project: String, query: FlakyQuery, model: FlakyModel = FlakyModel()) throws -> FlakyReport {
        try read { try $0.flakyReport(project: project, query: query, model: model) }
    }

    /// The project's quarantined tests, in key order.
    public func quarantine(project: String) throws -> [QuarantineEntry] {
        try read { try $0.quarantine(project: project) }
    }
}
