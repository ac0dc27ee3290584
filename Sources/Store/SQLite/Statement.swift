import CSQLite

/// A value bound to or read from SQL.
enum SQLValue: Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    static func optional(_ value: String?) -> SQLValue { value.map { .text($0) } ?? .null }
    static func optional(_ value: Int64?) -> SQLValue { value.map { .integer($0) } ?? .null }
    static func int(_ value: Int) -> SQLValue { .integer(Int64(value)) }
}

/// A prepared statement owned by its connection's cache.
final class Statement {
    let raw: OpaquePointer
    unowned let connection: Connection
    let sql: String

    init(_ raw: OpaquePointer, connection: Connection, sql: String) {
        self.raw = raw
        self.connection = connection
        self.sql = sql
    }

    deinit { sqlite3_finalize(raw) }

    func reset() {
        sqlite3_reset(raw)
        sqlite3_clear_bindings(raw)
    }

    func bind(_ values: [SQLValue]) throws(DatabaseError) {
        for (i, value) in values.enumerated() {
            let index = Int32(i + 1)
            let rc: Int32
            switch value {
            case .null: rc = sqlite3_bind_null(raw, index)
            case .integer(let v): rc = sqlite3_bind_int64(raw, index, v)
            case .real(let v): rc = sqlite3_bind_double(raw, index, v)
            case .text(let v): rc = sqlite3_bind_text(raw, index, v, -1, csqlite_transient())
            case .blob(let v):
                rc = v.withUnsafeBytes { sqlite3_bind_blob(raw, index, $0.baseAddress, Int32($0.count), csqlite_transient()) }
            }
            guard rc == SQLITE_OK else { throw connection.error(rc, sql: sql) }
        }
    }

    /// Steps once: true when a row is ready, false when done.
    func step() throws(DatabaseError) -> Bool {
        let rc = sqlite3_step(raw)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw connection.error(rc, sql: sql)
        }
    }
}

/// The current row of a statement; read columns by index.
struct Row {
    let statement: Statement

    func isNull(_ i: Int32) -> Bool { sqlite3_column_type(statement.raw, i) == SQLITE_NULL }

    func int(_ i: Int32) -> Int64 { sqlite3_column_int64(statement.raw, i) }

    func optionalInt(_ i: Int32) -> Int64? { isNull(i) ? nil : int(i) }

    func double(_ i: Int32) -> Double { sqlite3_column_double(statement.raw, i) }

    func text(_ i: Int32) -> String {
        guard let pointer = sqlite3_column_text(statement.raw, i) else { return "" }
        let count = Int(sqlite3_column_bytes(statement.raw, i))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    func optionalText(_ i: Int32) -> String? { isNull(i) ? nil : text(i) }

    func blob(_ i: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(statement.raw, i))
        guard count > 0, let pointer = sqlite3_column_blob(statement.raw, i) else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }
}
