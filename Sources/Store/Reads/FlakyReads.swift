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
        guard let firstRun = counted.first?.id else { return report }

        var candidates = Set<Int64>()
        for run in counted {
            let failing = try query(
                "SELECT test_id FROM run_tests INDEXED BY run_tests_failing WHERE run_id = ? AND verdict IN ('failed', 'error', 'flaky')",
                [.integer(run.id)], map: { $0.int(0) })
            candidates.formUnion(failing)
        }
        let runs = Dictionary(uniqueKeysWithValues: counted.map { ($0.id, $0) })
        let quarantined = try quarantinedKeys(projectID: projectID)
        for testID in candidates {
            let observations = try query(
                "SELECT run_id, verdict FROM run_tests INDEXED BY run_tests_by_test WHERE test_id = ? AND run_id >= ?",
                [.integer(testID), .integer(firstRun)]
            ) { row -> FlakyObservation? in
                guard let run = runs[row.int(0)], let verdict = Verdict(rawValue: row.text(1)) else { return nil }
                return FlakyObservation(runID: run.id, run: run.key, branch: run.branch, commit: run.commit, at: run.at, verdict: verdict)
            }.compactMap { $0 }
            let key = try testKey(id: testID)
            report.tests.append(FlakyClassifier.evaluate(
                test: key, observations: observations, model: model, minRuns: flaky.minRuns, quarantined: quarantined.contains(key)))
        }
        report.tests.sort { $0.score != $1.score ? $0.score > $1.score : $0.test < $1.test }
        return report
    }
}
