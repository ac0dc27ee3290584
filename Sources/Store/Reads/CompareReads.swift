import Reports

extension Connection {
    /// Where compare and failures start: a run's id and facts, or nil.
    struct RunRef {
        var id: Int64
        var projectID: Int64
        var key: String
        var branch: String?
        var at: Int64?
    }

    func runRef(project: String, key: String) throws -> RunRef? {
        try queryOne(
            """
            SELECT runs.id, runs.project_id, runs.key, runs.branch, coalesce(runs.started_at, runs.created_at)
            FROM runs JOIN projects ON projects.id = runs.project_id WHERE projects.name = ? AND runs.key = ?
            """,
            [.text(project), .text(key)], map: { RunRef(id: $0.int(0), projectID: $0.int(1), key: $0.text(2), branch: $0.optionalText(3), at: $0.optionalInt(4)) })
    }

    /// The latest finished run created before `run` on the same branch.
    func previousFinishedRun(_ run: RunRef) throws -> RunRef? {
        try queryOne(
            """
            SELECT id, project_id, key, branch, coalesce(started_at, created_at) FROM runs
            WHERE project_id = ? AND branch IS ? AND id < ? AND finished_at IS NOT NULL ORDER BY id DESC LIMIT 1
            """,
            [.integer(run.projectID), .optional(run.branch), .integer(run.id)],
            map: { RunRef(id: $0.int(0), projectID: $0.int(1), key: $0.text(2), branch: $0.optionalText(3), at: $0.optionalInt(4)) })
    }

    /// `run` against `base` (default: the previous finished run on its branch). Both runs'
    /// verdicts are read in test order from the primary key and merged: O(tests in the two runs).
    func compare(project: String, run key: String, base baseKey: String?) throws -> Store.Comparison {
        guard let run = try runRef(project: project, key: key) else { return .noRun }
        let base: RunRef?
        if let baseKey {
            guard let found = try runRef(project: project, key: baseKey) else { return .noBase }
            base = found
        } else {
            base = try previousFinishedRun(run)
        }
        var comparison = RunComparison(run: run.key, base: base?.key)
        comparison.durationMs = try runSummary(project: project, key: run.key)?.durationMs
        if let base { comparison.baseDurationMs = try runSummary(project: project, key: base.key)?.durationMs }

        let mine = try verdicts(runID: run.id)
        let theirs = try base.map { try verdicts(runID: $0.id) } ?? []
        var newFailures: [Int64] = [], fixed: [Int64] = [], stillFailing: [Int64] = []
        var newTests: [Int64] = [], removed: [Int64] = [], flaky: [Int64] = []
        var durations: [(Int64, Int64, Int64)] = []
        var i = 0, j = 0
        while i < mine.count || j < theirs.count {
            if j == theirs.count || (i < mine.count && mine[i].testID < theirs[j].testID) {
                let now = mine[i]
                newTests.append(now.testID)
                if now.failing { newFailures.append(now.testID) }
                if now.verdict == .flaky { flaky.append(now.testID) }
                i += 1
            } else if i == mine.count || theirs[j].testID < mine[i].testID {
                removed.append(theirs[j].testID)
                j += 1
            } else {
                let now = mine[i], before = theirs[j]
                switch (before.failing, now.failing) {
                case (false, true): newFailures.append(now.testID)
                case (true, true): stillFailing.append(now.testID)
                case (true, false) where now.verdict == .passed || now.verdict == .flaky: fixed.append(now.testID)
                default: break
                }
                if now.verdict == .flaky { flaky.append(now.testID) }
                if let d = now.durationMs, let b = before.durationMs, DurationChange.isNotable(d, base: b) {
                    durations.append((now.testID, d, b))
                }
                i += 1
                j += 1
            }
        }
        comparison.newFailures = try keys(newFailures)
        comparison.fixed = try keys(fixed)
        comparison.stillFailing = try keys(stillFailing)
        comparison.newTests = try keys(newTests)
        comparison.removedTests = try keys(removed)
        comparison.flaky = try keys(flaky)
        let slower = durations.filter { $0.1 > $0.2 }.sorted { $0.1 - $0.2 > $1.1 - $1.2 }.prefix(DurationChange.listLimit)
        let faster = durations.filter { $0.1 < $0.2 }.sorted { $0.2 - $0.1 > $1.2 - $1.1 }.prefix(DurationChange.listLimit)
        comparison.slower = try slower.map { DurationChange(test: try testKey(id: $0.0), durationMs: $0.1, baseDurationMs: $0.2) }
        comparison.faster = try faster.map { DurationChange(test: try testKey(id: $0.0), durationMs: $0.1, baseDurationMs: $0.2) }
        return .compared(comparison)
    }

    private struct RunVerdict {
        var testID: Int64
        var verdict: Verdict
        var durationMs: Int64?
        var failing: Bool { verdict == .failed || verdict == .error }
    }

    /// A run's verdicts in test order, straight from the primary key.
    private func verdicts(runID: Int64) throws -> [RunVerdict] {
        try query(
            "SELECT test_id, verdict, duration_ms FROM run_tests WHERE run_id = ? ORDER BY test_id", [.integer(runID)],
            map: { RunVerdict(testID: $0.int(0), verdict: $0.verdict(1) ?? .error, durationMs: $0.optionalInt(2)) })
    }

    /// Test keys for ids, in key order.
    private func keys(_ ids: [Int64]) throws -> [String] {
        try ids.map { try testKey(id: $0) }.sorted()
    }
}
