import CSQLite
import Reports

/// A run in a time window, with what the history queries need of it.
struct WindowRun: Sendable, Equatable {
    var id: Int64
    var key: String
    var branch: String?
    var commit: String?
    var at: Int64?
    var finished: Bool
    /// Most of its tests failed: an infrastructure outage, not evidence about any one test.
    var outage: Bool

    /// Finished and not an outage: its verdicts count as evidence.
    var counts: Bool { finished && !outage }
}

extension Connection {
    func projectID(named name: String) throws -> Int64? {
        try queryOne("SELECT id FROM projects WHERE name = ?", [.text(name)], map: { $0.int(0) })
    }

    /// The project's runs that started at or after `from`, in run (id) order. Outages are told
    /// apart by the maintained verdict counters, so no result row is read.
    func windowRuns(projectID: Int64, from: Int64, model: FlakyModel) throws -> [WindowRun] {
        try query(
            """
            SELECT id, key, branch, commit_sha, coalesce(started_at, created_at), finished_at IS NOT NULL,
                   passed + failed + error + skipped + flaky, failed + error
            FROM runs WHERE project_id = ? AND coalesce(started_at, created_at) >= ? ORDER BY id
            """,
            [.integer(projectID), .integer(from)]
        ) { row in
            let total = row.int(6), failing = row.int(7)
            return WindowRun(
                id: row.int(0), key: row.text(1), branch: row.optionalText(2), commit: row.optionalText(3),
                at: row.optionalInt(4), finished: row.int(5) != 0,
                outage: total >= Int64(model.outageMinTests) && Double(failing) > model.outageFailureFraction * Double(total))
        }
    }

    /// Keys of the project's quarantined tests.
    func quarantinedKeys(projectID: Int64) throws -> Set<String> {
        Set(try query("SELECT test_key FROM quarantine WHERE project_id = ?", [.integer(projectID)], map: { $0.text(0) }))
    }

    func testKey(id: Int64) throws -> String {
        try queryOne("SELECT key FROM tests WHERE id = ?", [.integer(id)], map: { $0.text(0) }) ?? ""
    }
}

extension Row {
    /// A verdict column read from its bytes, without making a String: this runs once per row of
    /// a test's history.
    func verdict(_ i: Int32) -> Verdict? {
        guard let text = sqlite3_column_text(statement.raw, i) else { return nil }
        switch (text[0], sqlite3_column_bytes(statement.raw, i)) {
        case (UInt8(ascii: "p"), 6): return .passed
        case (UInt8(ascii: "f"), 6): return .failed
        case (UInt8(ascii: "f"), 5): return .flaky
        case (UInt8(ascii: "e"), 5): return .error
        case (UInt8(ascii: "s"), 7): return .skipped
        default: return nil
        }
    }
}
