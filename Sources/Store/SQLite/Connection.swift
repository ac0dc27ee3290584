import CSQLite

/// One SQLite connection, used by one thread at a time. Statements are prepared once per
/// connection and cached by their SQL text.
final class Connection: @unchecked Sendable {
    let handle: OpaquePointer
    private var statements: [String: Statement] = [:]

    enum Mode { case readWrite, readOnly }

    /// Process-wide SQLite settings, applied once before the first connection opens.
    private static let configureSQLite: Void = {
        // Without memory statistics, allocations take no global mutex (readers on many threads
        // contended on it). Fails harmlessly if this process opened SQLite another way first.
        _ = csqlite_disable_memory_statistics()
    }()

    init(path: String, mode: Mode) throws(DatabaseError) {
        Self.configureSQLite
        var db: OpaquePointer?
        let flags = (mode == .readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
            | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close_v2(db)
            throw DatabaseError(extendedCode: rc, message: "\(message): \(path)", sql: nil)
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
        _ = csqlite_enable_defensive(db)
    }

    deinit {
        statements.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs SQL that returns no rows (several statements allowed), e.g. migrations and PRAGMAs.
    func execute(_ sql: String) throws(DatabaseError) {
        let rc = sqlite3_exec(handle, sql, nil, nil, nil)
        guard rc == SQLITE_OK else { throw error(rc, sql: sql) }
    }

    /// A cached prepared statement, reset and with its bindings cleared.
    func statement(_ sql: String) throws(DatabaseError) -> Statement {
        if let cached = statements[sql] {
            cached.reset()
            return cached
        }
        var raw: OpaquePointer?
        let rc = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &raw, nil)
        guard rc == SQLITE_OK, let raw else { throw error(rc, sql: sql) }
        let statement = Statement(raw, connection: self, sql: sql)
        statements[sql] = statement
        return statement
    }

    /// Binds `values`, steps through every row and maps each.
    func query<T>(_ sql: String, _ values: [SQLValue] = [], map: (Row) throws -> T) throws -> [T] {
        let statement = try statement(sql)
        defer { statement.reset() }
        try statement.bind(values)
        var rows: [T] = []
        while try statement.step() { rows.append(try map(Row(statement: statement))) }
        return rows
    }

    /// The first row, or nil.
    func queryOne<T>(_ sql: String, _ values: [SQLValue] = [], map: (Row) throws -> T) throws -> T? {
        let statement = try statement(sql)
        defer { statement.reset() }
        try statement.bind(values)
        return try statement.step() ? try map(Row(statement: statement)) : nil
    }

    /// Runs one statement that returns no rows; returns the number of rows changed.
    @discardableResult
    func run(_ sql: String, _ values: [SQLValue] = []) throws(DatabaseError) -> Int {
        let statement = try statement(sql)
        defer { statement.reset() }
        try statement.bind(values)
        while try statement.step() {}
        return Int(sqlite3_changes(handle))
    }

    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    func error(_ rc: Int32, sql: String?) -> DatabaseError {
        DatabaseError(extendedCode: sqlite3_extended_errcode(handle), message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }
}
