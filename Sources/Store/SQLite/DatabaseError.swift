import CSQLite

/// A failed SQLite call with its facts: the extended result code, SQLite's message and the statement.
public struct DatabaseError: Error, CustomStringConvertible, Sendable, Equatable {
    /// SQLite's extended result code (`SQLITE_CONSTRAINT_UNIQUE`, `SQLITE_FULL`, …).
    public let extendedCode: Int32
    public let message: String
    public let sql: String?

    /// The primary result code (the low byte of the extended one).
    public var code: Int32 { extendedCode & 0xFF }

    public var isDiskFull: Bool { code == SQLITE_FULL }
    public var isBusy: Bool { code == SQLITE_BUSY || code == SQLITE_LOCKED }
    public var isReadOnly: Bool { code == SQLITE_READONLY }
    public var isCorrupt: Bool { code == SQLITE_CORRUPT || code == SQLITE_NOTADB }

    public var description: String {
        let name = String(cString: sqlite3_errstr(extendedCode))
        return "SQLite error \(extendedCode) (\(name)): \(message)" + (sql.map { " — in: \($0.prefix(120))" } ?? "")
    }
}
