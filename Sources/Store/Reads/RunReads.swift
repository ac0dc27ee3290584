import Reports

/// Reads of runs and projects.
extension Connection {
    private static let runColumns = """
        runs.id, projects.name, runs.key, runs.name, runs.branch, runs.commit_sha, runs.url, runs.attributes,
        runs.status, runs.started_at, runs.finished_at, runs.created_at, runs.updated_at,
        runs.passed, runs.failed, runs.error, runs.skipped, runs.flaky, runs.attempts
        """

    func runSummary(project: String, key: String) throws -> RunSummary? {
        guard let (id, summary) = try queryOne(
            "SELECT \(Self.runColumns) FROM runs JOIN projects ON projects.id = runs.project_id WHERE projects.name = ? AND runs.key = ?",
            [.text(project), .text(key)], map: Self.decodeRun)
        else { return nil }
        return try complete(summary, runID: id)
    }

    /// Newest first; `before` is the cursor of the previous page.
    func runSummaries(project: String, branch: String?, status: RunStatus?, limit: Int, before: Int64?) throws -> Page<RunSummary> {
        var sql = "SELECT \(Self.runColumns) FROM runs JOIN projects ON projects.id = runs.project_id WHERE projects.name = ?"
        var values: [SQLValue] = [.text(project)]
        if let branch { sql += " AND runs.branch = ?"; values.append(.text(branch)) }
        if let status { sql += " AND runs.status = ?"; values.append(.text(status.rawValue)) }
        if let before { sql += " AND runs.id < ?"; values.append(.integer(before)) }
        sql += " ORDER BY runs.id DESC LIMIT ?"
        values.append(.int(limit + 1))
        let rows = try query(sql, values, map: Self.decodeRun)
        let page = rows.prefix(limit)
        let items = try page.map { try complete($0.1, runID: $0.0) }
        return Page(items: items, next: rows.count > limit ? page.last.map { String($0.0) } : nil)
    }

    func projectSummaries() throws -> [ProjectSummary] {
        let projects = try query(
            "SELECT projects.id, projects.name, (SELECT count(*) FROM runs WHERE runs.project_id = projects.id) FROM projects ORDER BY projects.name",
            map: { ($0.int(0), $0.text(1), Int($0.int(2))) })
        return try projects.map { id, name, count in
            let latest = try queryOne(
                "SELECT \(Self.runColumns) FROM runs JOIN projects ON projects.id = runs.project_id WHERE runs.project_id = ? ORDER BY runs.id DESC LIMIT 1",
                [.integer(id)], map: Self.decodeRun)
            return ProjectSummary(name: name, runCount: count, latestRun: try latest.map { try complete($0.1, runID: $0.0) })
        }
    }

    private static func decodeRun(_ row: Row) -> (Int64, RunSummary) {
        let info = RunInfo(
            name: row.optionalText(3), branch: row.optionalText(4), commit: row.optionalText(5), url: row.optionalText(6),
            attributes: AttributesJSON.decode(row.text(7)), startedAt: row.optionalInt(9))
        return (row.int(0), RunSummary(
            project: row.text(1), key: row.text(2), info: info, status: RunStatus(rawValue: row.text(8)) ?? .running,
            startedAt: row.optionalInt(9), finishedAt: row.optionalInt(10), createdAt: row.int(11), updatedAt: row.int(12),
            counts: VerdictCounts(passed: Int(row.int(13)), failed: Int(row.int(14)), error: Int(row.int(15)),
                                  skipped: Int(row.int(16)), flaky: Int(row.int(17))),
            attempts: Int(row.int(18)), workers: []))
    }

    /// Adds the worker lanes, from their maintained table, and the quarantined tests that ran.
    private func complete(_ summary: RunSummary, runID: Int64) throws -> RunSummary {
        var summary = summary
        summary.workers = try query(
            "SELECT name, results, first_at, last_at FROM run_workers WHERE run_id = ? ORDER BY name", [.integer(runID)],
            map: { WorkerSummary(name: $0.text(0), results: Int($0.int(1)), firstAt: $0.int(2), lastAt: $0.int(3)) })
        if summary.startedAt == nil { summary.startedAt = summary.workers.map(\.firstAt).min() }
        summary.quarantined = try quarantinedTests(runID: runID)
        return summary
    }
}
