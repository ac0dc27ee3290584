import Reports

/// One bounded step of retention, done inside one writer transaction.
public struct PruneStep: Sendable, Equatable {
    /// Runs whose last rows went in this step.
    public var runsDeleted = 0
    /// Rows deleted from the tables that hang off runs (results, verdicts, lanes, …) and orphans.
    public var rowsDeleted = 0
    /// Nothing older than the cutoff is left.
    public var finished = false
}

extension Writer {
    /// Deletes at most about `batchSize` rows belonging to the oldest finished run created before
    /// `cutoff` (ms), and the run itself once nothing is left of it. Callers repeat it, each step
    /// its own small transaction, so ingest is never held up by a large delete.
    ///
    /// The tables that reference `runs` are found from the schema, so tables added by later
    /// migrations (ReportPortal items, logs, attachments) are pruned too; their own children go
    /// by `ON DELETE CASCADE`. When no old run is left, tests and failure signatures that no
    /// run mentions any more go too, in batches.
    public func pruneStep(createdBefore cutoff: Int64, batchSize: Int) throws -> PruneStep {
        var step = PruneStep()
        guard let runID = try connection.queryOne(
            "SELECT id FROM runs WHERE created_at < ? AND status != 'running' ORDER BY id LIMIT 1",
            [.integer(cutoff)], map: { $0.int(0) })
        else {
            step.rowsDeleted = try deleteOrphans(batchSize: batchSize)
            step.finished = step.rowsDeleted == 0
            return step
        }
        for child in try childTables(of: "runs") {
            let deleted = try connection.run(child.batchDelete, [.integer(runID), .int(batchSize - step.rowsDeleted)])
            step.rowsDeleted += deleted
            if step.rowsDeleted >= batchSize { return step }
        }
        step.runsDeleted = try connection.run("DELETE FROM runs WHERE id = ?", [.integer(runID)])
        return step
    }

    /// Tests and signatures nothing refers to any more, at most `batchSize` of each.
    private func deleteOrphans(batchSize: Int) throws -> Int {
        var deleted = try connection.run("""
            DELETE FROM signatures WHERE id IN (
                SELECT s.id FROM signatures s
                WHERE NOT EXISTS (SELECT 1 FROM run_tests r WHERE r.signature_id = s.id) LIMIT ?)
            """, [.int(batchSize)])
        deleted += try connection.run("""
            DELETE FROM tests WHERE id IN (
                SELECT t.id FROM tests t
                WHERE NOT EXISTS (SELECT 1 FROM run_tests r WHERE r.test_id = t.id)
                  AND NOT EXISTS (SELECT 1 FROM results r WHERE r.test_id = t.id) LIMIT ?)
            """, [.int(batchSize)])
        return deleted
    }

    /// A table with a foreign key to `parent`, and the statement that deletes a batch of its rows
    /// for one parent id (`?1`), at most `?2` of them.
    struct ChildTable {
        let name: String
        let batchDelete: String
    }

    func childTables(of parent: String) throws -> [ChildTable] {
        let references = try connection.query("""
            SELECT m.name, f."from", m.sql LIKE '%WITHOUT ROWID%'
            FROM sqlite_master m, pragma_foreign_key_list(m.name) f
            WHERE m.type = 'table' AND f."table" = ? ORDER BY m.name
            """, [.text(parent)], map: { ($0.text(0), $0.text(1), $0.int(2) != 0) })
        return try references.map { table, column, withoutRowID in
            let t = quoted(table), c = quoted(column)
            var key = "rowid"
            if withoutRowID {
                let primaryKey = try connection.query(
                    "SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk", [.text(table)], map: { quoted($0.text(0)) })
                key = "(" + primaryKey.joined(separator: ", ") + ")"
            }
            return ChildTable(name: table, batchDelete: "DELETE FROM \(t) WHERE \(key) IN (SELECT \(key.trimmingParentheses) FROM \(t) WHERE \(c) = ?1 LIMIT ?2)")
        }
    }

    private func quoted(_ name: String) -> String { "\"" + name.replacingDoubleQuotes + "\"" }
}

private extension String {
    var replacingDoubleQuotes: String { split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") }
    var trimmingParentheses: String { hasPrefix("(") && hasSuffix(")") ? String(dropFirst().dropLast()) : self }
}
