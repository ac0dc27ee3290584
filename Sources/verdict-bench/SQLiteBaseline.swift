import CSQLite
import Foundation
import VerdictApp

/// The physical limit: a minimal program inserting the same rows into the same schema and
/// indexes with libsqlite3 directly, in batched transactions, with the same durability.
enum SQLiteBaseline {
    static func insertRate(results: Int, batchSize: Int) throws -> Double {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("verdict-raw-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var db: OpaquePointer?
        sqlite3_open(folder.appendingPathComponent("raw.db").path, &db)
        defer { sqlite3_close(db) }
        func exec(_ sql: String) { sqlite3_exec(db, sql, nil, nil, nil) }
        exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON")
        for migration in shippedMigrations { exec(migration.sql) }
        exec("INSERT INTO projects (id, name, created_at) VALUES (1, 'bench', 0)")
        exec("INSERT INTO runs (id, project_id, key, created_at, updated_at) VALUES (1, 1, 'r1', 0, 0)")
        func prepare(_ sql: String) -> OpaquePointer? {
            var statement: OpaquePointer?
            sqlite3_prepare_v2(db, sql, -1, &statement, nil)
            return statement
        }
        let insertTest = prepare("INSERT INTO tests (project_id, key) VALUES (1, ?)")
        let insertResult = prepare("""
            INSERT INTO results (run_id, test_id, attempt, status, duration_ms, worker, message, received_at)
            VALUES (1, ?, 1, ?, ?, 'gw0', ?, 0)
            """)
        let insertVerdict = prepare("""
            INSERT INTO run_tests (run_id, test_id, verdict, attempts, last_attempt, last_status, failed_attempts, duration_ms, worker)
            VALUES (1, ?, ?, 1, 1, ?, 0, ?, 'gw0')
            """)
        let started = Date()
        var i = 0
        while i < results {
            exec("BEGIN IMMEDIATE")
            for _ in 0..<batchSize where i < results {
                let status = i % 10 == 0 ? "failed" : "passed"
                sqlite3_bind_text(insertTest, 1, "tests/test_\(i / 100).py::test_\(i % 100)", -1, csqlite_transient())
                sqlite3_step(insertTest); sqlite3_reset(insertTest)
                let testID = sqlite3_last_insert_rowid(db)
                sqlite3_bind_int64(insertResult, 1, testID)
                sqlite3_bind_text(insertResult, 2, status, -1, csqlite_transient())
                sqlite3_bind_int64(insertResult, 3, Int64(i % 100))
                if i % 10 == 0 { sqlite3_bind_text(insertResult, 4, "AssertionError: \(i) != 0", -1, csqlite_transient()) } else { sqlite3_bind_null(insertResult, 4) }
                sqlite3_step(insertResult); sqlite3_reset(insertResult)
                sqlite3_bind_int64(insertVerdict, 1, testID)
                sqlite3_bind_text(insertVerdict, 2, status, -1, csqlite_transient())
                sqlite3_bind_text(insertVerdict, 3, status, -1, csqlite_transient())
                sqlite3_bind_int64(insertVerdict, 4, Int64(i % 100))
                sqlite3_step(insertVerdict); sqlite3_reset(insertVerdict)
                i += 1
            }
            exec("COMMIT")
        }
        let seconds = Date().timeIntervalSince(started)
        for statement in [insertTest, insertResult, insertVerdict] { sqlite3_finalize(statement) }
        return Double(results) / seconds
    }
}
