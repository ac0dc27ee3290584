import Reports

extension Connection {
    /// A run's stored attempts in (test, attempt) order, optionally only those with `status`.
    /// The cursor is "testID:attempt" of the last row of the previous page.
    func results(project: String, run: String, status: Status?, limit: Int, after: String?) throws -> Page<StoredResult>? {
        guard let runID = try queryOne(
            "SELECT runs.id FROM runs JOIN projects ON projects.id = runs.project_id WHERE projects.name = ? AND runs.key = ?",
            [.text(project), .text(run)], map: { $0.int(0) })
        else { return nil }
        var sql = """
            SELECT results.test_id, results.attempt, tests.key, results.status, results.duration_ms, results.started_at,
                   results.worker, tests.file, coalesce(results.suite, tests.suite), results.message, results.trace, results.output,
                   results.attributes, results.received_at
            FROM results JOIN tests ON tests.id = results.test_id
            WHERE results.run_id = ?
            """
        var values: [SQLValue] = [.integer(runID)]
        if let status { sql += " AND results.status = ?"; values.append(.text(status.rawValue)) }
        if let cursor = after.flatMap(Self.parseCursor) {
            sql += " AND (results.test_id, results.attempt) > (?, ?)"
            values += [.integer(cursor.0), .integer(cursor.1)]
        }
        sql += " ORDER BY results.test_id, results.attempt LIMIT ?"
        values.append(.int(limit + 1))
        let rows = try query(sql, values) { row in
            ((row.int(0), row.int(1)), StoredResult(
                result: TestResult(
                    test: row.text(2), status: Status(rawValue: row.text(3)) ?? .error, attempt: Int(row.int(1)),
                    durationMs: row.optionalInt(4), startedAt: row.optionalInt(5), worker: row.text(6),
                    file: row.optionalText(7), suite: row.optionalText(8), message: row.optionalText(9),
                    trace: row.optionalText(10), output: row.optionalText(11),
                    attributes: row.optionalText(12).map(AttributesJSON.decode) ?? [:]),
                receivedAt: row.int(13)))
        }
        let page = rows.prefix(limit)
        let next = rows.count > limit ? page.last.map { "\($0.0.0):\($0.0.1)" } : nil
        return Page(items: page.map(\.1), next: next)
    }

    static func parseCursor(_ text: String) -> (Int64, Int64)? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let a = Int64(parts[0]), let b = Int64(parts[1]) else { return nil }
        return (a, b)
    }
}
