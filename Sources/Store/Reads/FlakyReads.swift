import Reports

extension Connection {
    /// Every test that failed in the window's counted runs, evaluated by the flakiness model.
    ///
    /// Failures are rare, so the candidates come from the failing rows of the counted runs
    /// (`run_tests_failing`, covering), and only candidates' histories are read
    /// (`run_tests_by_test`, covering). A test that never failed in the window is healthy and
    /// costs nothing. Cost: O(window runs + failing rows + candidates × window runs).
    func flakyReport(project: String, query flaky: FlakyQuery, model: FlakyModel) throws -> FlakyReport {
        let from = flaky.now - Int64(flaky.days) * 86_400_000
        var report = FlakyReport(window: FlakyWindow(from: from, to: flaky.now, runs: 0, outageRuns: [], runningRuns: 0), tests: [])
        guard let projectID = try projectID(named: project) else { return report }
        let window = try windowRuns(projectID: projectID, from: from, model: model)
            .filter { flaky.branch == nil || $0.branch == flaky.branch }
        let counted = window.filter(\.counts)
        report.window.runs = counted.count
        report.window.outageRuns = window.filter { $0.finished && $0.outage }.reversed().map(\.key)
        report.window.runningRuns = window.count { !$0.finished }
        guard let firstRun = counted.first?.id, let lastRun = counted.last?.id else { return report }

        var candidates: [Int64] = []
        for run in counted {
            candidates += try query(
                "SELECT test_id FROM run_tests INDEXED BY run_tests_failing WHERE run_id = ? AND verdict IN ('failed', 'error', 'flaky')",
                [.integer(run.id)], map: { $0.int(0) })
        }
        // In test order, so the histories are read in index order.
        candidates.sort()

        // Run id → index into `runs`, by offset: window runs are a short id range, and this
        // lookup runs once per row read.
        var runs = FlakyRuns()
        var branchNumbers: [String?: Int32] = [:], commitNumbers: [String: Int32] = [:]
        var indexByOffset = [Int32](repeating: -1, count: Int(lastRun - firstRun) + 1)
        for run in counted {
            indexByOffset[Int(run.id - firstRun)] = Int32(runs.count)
            runs.append(key: run.key, at: run.at, branch: run.branch, commit: run.commit,
                        branchNumbers: &branchNumbers, commitNumbers: &commitNumbers)
        }
        let quarantined = try quarantinedKeys(projectID: projectID)
        var previous: Int64 = -1
        for testID in candidates where testID != previous {
            previous = testID
            var observations: [FlakyObservation] = []
            observations.reserveCapacity(runs.count)
            let statement = try statement(
                "SELECT run_id, verdict FROM run_tests INDEXED BY run_tests_by_test WHERE test_id = ? AND run_id BETWEEN ? AND ?")
            defer { statement.reset() }
            try statement.bind([.integer(testID), .integer(firstRun), .integer(lastRun)])
            while try statement.step() {
                let row = Row(statement: statement)
                let index = indexByOffset[Int(row.int(0) - firstRun)]
                guard index >= 0, let verdict = row.verdict(1) else { continue }
                observations.append(FlakyObservation(run: index, verdict: verdict))
            }
            let key = try testKey(id: testID)
            report.tests.append(FlakyClassifier.evaluate(
                test: key, observations: observations, runs: runs, model: model, minRuns: flaky.minRuns,
                quarantined: quarantined.contains(key)))
        }
        report.tests.sort { $0.score != $1.score ? $0.score > $1.score : $0.test < $1.test }
        return report
    }
}
