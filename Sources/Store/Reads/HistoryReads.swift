import Reports

extension Connection {
    /// The test's runs, newest first: `limit` rows from `run_tests_by_test` before the cursor
    /// (a run id), each joined to its run. O(limit) whatever the history's length.
    /// nil when the project has no such test.
    func testHistory(project: String, test: String, limit: Int, before: Int64?) throws -> TestHistory? {
        guard let projectID = try projectID(named: project),
              let testID = try queryOne(
                "SELECT id FROM tests WHERE project_id = ? AND key = ?", [.integer(projectID), .text(test)], map: { $0.int(0) })
        else { return nil }
        let rows = try query(
            """
            SELECT rt.run_id, runs.key, rt.verdict, rt.attempts, rt.duration_ms, rt.worker, runs.commit_sha, runs.branch,
                   runs.started_at, signatures.text
            FROM run_tests AS rt INDEXED BY run_tests_by_test
            JOIN runs ON runs.id = rt.run_id
            LEFT JOIN signatures ON signatures.id = rt.signature_id
            WHERE rt.test_id = ? AND rt.run_id < ?
            ORDER BY rt.run_id DESC LIMIT ?
            """,
            [.integer(testID), .integer(before ?? Int64.max), .int(limit + 1)]
        ) { row in
            (row.int(0), TestRunEntry(
                run: row.text(1), verdict: Verdict(rawValue: row.text(2)) ?? .error, attempts: Int(row.int(3)),
                durationMs: row.optionalInt(4), worker: row.optionalText(5), commit: row.optionalText(6),
                branch: row.optionalText(7), startedAt: row.optionalInt(8), signature: row.optionalText(9)))
        }
        let page = rows.prefix(limit)
        let quarantined = try queryOne(
            "SELECT 1 FROM quarantine WHERE project_id = ? AND test_key = ?", [.integer(projectID), .text(test)], map: { _ in true }) ?? false
        return TestHistory(
            test: test, quarantined: quarantined,
            entries: Page(items: page.map(\.1), next: rows.count > limit ? page.last.map { String($0.0) } : nil))
    }
}
