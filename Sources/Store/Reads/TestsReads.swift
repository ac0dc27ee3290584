import Reports

extension Connection {
    /// The project's tests whose key contains `search` (ASCII case-insensitive), in key order,
    /// each with its latest verdict and its failure rate over the window's counted runs.
    /// `after` is the last key of the previous page. Cost: O(limit × window runs) plus the keys
    /// scanned to find `limit` matches.
    func testSummaries(project: String, search: String?, limit: Int, after: String?, from: Int64, model: FlakyModel) throws -> Page<TestSummary> {
        guard let projectID = try projectID(named: project) else { return Page(items: [], next: nil) }
        var sql = "SELECT id, key FROM tests WHERE project_id = ? AND key > ?"
        var values: [SQLValue] = [.integer(projectID), .text(after ?? "")]
        if let search, !search.isEmpty {
            sql += " AND key LIKE ? ESCAPE '\\'"
            values.append(.text("%" + Self.escapeLike(search) + "%"))
        }
        sql += " ORDER BY key LIMIT ?"
        values.append(.int(limit + 1))
        let tests = try query(sql, values, map: { ($0.int(0), $0.text(1)) })
        let page = tests.prefix(limit)

        let counted = try windowRuns(projectID: projectID, from: from, model: model).filter(\.counts)
        let countedIDs = Set(counted.map(\.id))
        let firstRun = counted.first?.id ?? Int64.max
        let quarantined = try quarantinedKeys(projectID: projectID)
        let items = try page.map { testID, key in
            let latest = try queryOne(
                """
                SELECT rt.verdict, runs.key FROM run_tests AS rt INDEXED BY run_tests_by_test JOIN runs ON runs.id = rt.run_id
                WHERE rt.test_id = ? ORDER BY rt.run_id DESC LIMIT 1
                """,
                [.integer(testID)], map: { (Verdict(rawValue: $0.text(0)), $0.text(1)) })
            var summary = TestSummary(
                test: key, latestVerdict: latest?.0, latestRun: latest?.1, runs: 0, failed: 0, quarantined: quarantined.contains(key))
            let verdicts = try query(
                "SELECT run_id, verdict FROM run_tests INDEXED BY run_tests_by_test WHERE test_id = ? AND run_id >= ?",
                [.integer(testID), .integer(firstRun)], map: { ($0.int(0), $0.verdict(1)) })
            for (runID, verdict) in verdicts where verdict != .skipped && countedIDs.contains(runID) {
                summary.runs += 1
                if verdict == .failed || verdict == .error { summary.failed += 1 }
            }
            return summary
        }
        return Page(items: items, next: tests.count > limit ? page.last?.1 : nil)
    }

    /// `text` with LIKE's wildcards and the escape character escaped by `\`.
    static func escapeLike(_ text: String) -> String {
        var out = ""
        for c in text {
            if c == "%" || c == "_" || c == "\\" { out.append("\\") }
            out.append(c)
        }
        return out
    }
}
