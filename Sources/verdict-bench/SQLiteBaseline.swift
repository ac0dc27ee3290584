import CSQLite
import Foundation
import Reports
import VerdictApp

/// The physical limit: a minimal program inserting the same rows into the same schema and
/// indexes with libsqlite3 directly, in batched transactions, with the same durability and
/// pragmas as Verdict's writer (WAL, `synchronous=FULL`, 8 MiB page cache).
///
/// Per result it writes what Verdict writes for a new test: a `tests` row, a `results` row, a
/// `run_tests` row and, for a failure, finds or adds its `signatures` row; per batch it upserts
/// the worker's `run_workers` lane and updates the run's counters. Every value (keys, statuses,
/// signature texts) is computed before the clock starts, so only SQLite's work is timed.
enum SQLiteBaseline {
    struct Row {
        var test: String
        var status: String
        var duration: Int64
        var message: String?
        var signature: String?
    }

    /// The rows `IngestBench.body` posts, in the same shape: every tenth result failed with a message.
    static func rows(count: Int) -> [Row] {
        (0..<count).map { i in
            let failed = i % 10 == 0
            let message = failed ? "AssertionError: \(i % 100) != 0" : nil
            return Row(test: "tests/w0/test_\(i / 100).py::test_\(i % 100)", status: failed ? "failed" : "passed",
                       duration: Int64(i % 100), message: message,
                       signature: failed ? FailureSignature.of(type: nil, message: message, trace: nil) : nil)
        }
    }

    /// Rows per second for `results` rows, in posts of `postSize` rows committed
    /// `postsPerTransaction` posts at a time.
    static func insertRate(results: Int, postSize: Int, postsPerTransaction: Int) throws -> Double {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("verdict-raw-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var db: OpaquePointer?
        guard sqlite3_open(folder.appendingPathComponent("raw.db").path, &db) == SQLITE_OK else { throw BenchError.unexpected("sqlite3_open failed") }
        defer { sqlite3_close(db) }
        func exec(_ sql: String) throws {
            guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else {
                throw BenchError.unexpected("raw SQLite: \(String(cString: sqlite3_errmsg(db))) in \(sql.prefix(80))")
            }
        }
        try exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -8192; PRAGMA temp_store = MEMORY")
        for migration in shippedMigrations { try exec(migration.sql) }
        try exec("INSERT INTO projects (id, name, created_at) VALUES (1, 'bench', 0)")
        try exec("INSERT INTO runs (id, project_id, key, created_at, updated_at) VALUES (1, 1, 'r1', 0, 0)")
        func prepare(_ sql: String) throws -> OpaquePointer? {
            var statement: OpaquePointer?
            guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else {
                throw BenchError.unexpected("raw SQLite: \(String(cString: sqlite3_errmsg(db))) in \(sql.prefix(80))")
            }
            return statement
        }
        let insertTest = try prepare("INSERT INTO tests (project_id, key) VALUES (1, ?)")
        let insertResult = try prepare("""
            INSERT INTO results (run_id, test_id, attempt, status, duration_ms, worker, message, received_at)
            VALUES (1, ?, 1, ?, ?, 'gw0', ?, 0)
            """)
        let findSignature = try prepare("SELECT id FROM signatures WHERE project_id = 1 AND text = ?")
        let insertSignature = try prepare("INSERT INTO signatures (project_id, text) VALUES (1, ?)")
        let insertVerdict = try prepare("""
            INSERT INTO run_tests (run_id, test_id, verdict, attempts, last_attempt, last_status, failed_attempts, duration_ms, worker,
                                   signature_id, signature_attempt)
            VALUES (1, ?, ?, 1, 1, ?, ?, ?, 'gw0', ?, ?)
            """)
        let upsertLane = try prepare("""
            INSERT INTO run_workers (run_id, name, results, first_at, last_at) VALUES (1, 'gw0', ?, 0, 0)
            ON CONFLICT (run_id, name) DO UPDATE SET results = results + excluded.results
            """)
        let updateRun = try prepare("UPDATE runs SET updated_at = 1, passed = passed + ?, failed = failed + ?, attempts = attempts + ? WHERE id = 1")
        let statements = [insertTest, insertResult, findSignature, insertSignature, insertVerdict, upsertLane, updateRun]
        defer { statements.forEach { sqlite3_finalize($0) } }
        func step(_ statement: OpaquePointer?) throws {
            let rc = sqlite3_step(statement)
            sqlite3_reset(statement)
            guard rc == SQLITE_DONE || rc == SQLITE_ROW else { throw BenchError.unexpected("raw SQLite: \(String(cString: sqlite3_errmsg(db)))") }
        }

        let rows = rows(count: results)
        /// One post: its rows, then its worker lane and the run's counters, as Verdict's ingest does.
        func insertPost(_ post: ArraySlice<Row>) throws {
            var failed = 0
            for row in post {
                sqlite3_bind_text(insertTest, 1, row.test, -1, csqlite_transient())
                try step(insertTest)
                let testID = sqlite3_last_insert_rowid(db)
                sqlite3_bind_int64(insertResult, 1, testID)
                sqlite3_bind_text(insertResult, 2, row.status, -1, csqlite_transient())
                sqlite3_bind_int64(insertResult, 3, row.duration)
                if let message = row.message { sqlite3_bind_text(insertResult, 4, message, -1, csqlite_transient()) } else { sqlite3_bind_null(insertResult, 4) }
                try step(insertResult)
                var signatureID: Int64?
                if let signature = row.signature {
                    failed += 1
                    sqlite3_bind_text(findSignature, 1, signature, -1, csqlite_transient())
                    if sqlite3_step(findSignature) == SQLITE_ROW { signatureID = sqlite3_column_int64(findSignature, 0) }
                    sqlite3_reset(findSignature)
                    if signatureID == nil {
                        sqlite3_bind_text(insertSignature, 1, signature, -1, csqlite_transient())
                        try step(insertSignature)
                        signatureID = sqlite3_last_insert_rowid(db)
                    }
                }
                sqlite3_bind_int64(insertVerdict, 1, testID)
                sqlite3_bind_text(insertVerdict, 2, row.status, -1, csqlite_transient())
                sqlite3_bind_text(insertVerdict, 3, row.status, -1, csqlite_transient())
                sqlite3_bind_int64(insertVerdict, 4, row.signature == nil ? 0 : 1)
                sqlite3_bind_int64(insertVerdict, 5, row.duration)
                if let signatureID {
                    sqlite3_bind_int64(insertVerdict, 6, signatureID)
                    sqlite3_bind_int64(insertVerdict, 7, 1)
                } else {
                    sqlite3_bind_null(insertVerdict, 6)
                    sqlite3_bind_null(insertVerdict, 7)
                }
                try step(insertVerdict)
            }
            sqlite3_bind_int64(upsertLane, 1, Int64(post.count))
            try step(upsertLane)
            sqlite3_bind_int64(updateRun, 1, Int64(post.count - failed))
            sqlite3_bind_int64(updateRun, 2, Int64(failed))
            sqlite3_bind_int64(updateRun, 3, Int64(post.count))
            try step(updateRun)
        }

        let started = DispatchTime.now().uptimeNanoseconds
        var i = 0
        while i < results {
            try exec("BEGIN IMMEDIATE")
            for _ in 0..<postsPerTransaction where i < results {
                try insertPost(rows[i..<min(results, i + postSize)])
                i += postSize
            }
            try exec("COMMIT")
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        return Double(results) / seconds
    }
}
