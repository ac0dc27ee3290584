import CSQLite
import Synchronization

struct SQLiteError: Error {
    let code: Int32
}

/// Read connections checked out one per request, as Verdict's `ReaderPool` does: each read is
/// `BEGIN`, the statements (prepared once per connection), `COMMIT`.
final class ReaderPool: Sendable {
    private let idle = Mutex<[ReadConnection]>([])
    private let path: String

    init(path: String) {
        self.path = path
    }

    /// The database's size in bytes: `PRAGMA page_count` times `PRAGMA page_size`.
    func databaseBytes() throws -> Int64 {
        let connection = try idle.withLock { $0.popLast() } ?? ReadConnection(path: path)
        defer { idle.withLock { if $0.count < 16 { $0.append(connection) } } }
        guard sqlite3_exec(connection.db, "BEGIN", nil, nil, nil) == SQLITE_OK else { throw SQLiteError(code: sqlite3_errcode(connection.db)) }
        defer { sqlite3_exec(connection.db, "COMMIT", nil, nil, nil) }
        return try connection.scalar(connection.pageCount) * connection.scalar(connection.pageSize)
    }
}

final class ReadConnection: @unchecked Sendable {
    let db: OpaquePointer
    let pageCount: OpaquePointer
    let pageSize: OpaquePointer

    init(path: String) throws {
        var db: OpaquePointer?
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK, let db else {
            throw SQLiteError(code: SQLITE_CANTOPEN)
        }
        sqlite3_exec(db, "PRAGMA journal_mode = WAL", nil, nil, nil)
        func prepare(_ sql: String) throws -> OpaquePointer {
            var statement: OpaquePointer?
            guard sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK, let statement else {
                throw SQLiteError(code: sqlite3_errcode(db))
            }
            return statement
        }
        self.db = db
        pageCount = try prepare("PRAGMA page_count")
        pageSize = try prepare("PRAGMA page_size")
    }

    func scalar(_ statement: OpaquePointer) throws -> Int64 {
        defer { sqlite3_reset(statement) }
        guard sqlite3_step(statement) == SQLITE_ROW else { throw SQLiteError(code: sqlite3_errcode(db)) }
        return sqlite3_column_int64(statement, 0)
    }
}
