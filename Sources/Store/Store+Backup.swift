import CSQLite
#if canImport(Glibc)
import Glibc
#endif

/// What `Store.backup` copied.
public struct BackupReport: Sendable, Equatable {
    public var pages: Int
    public var bytes: Int64
    /// `PRAGMA quick_check` of the copy: "ok" when it is sound.
    public var check: String
}

extension Store {
    /// Copies the database at `source` to `destination` with SQLite's online backup API, safe
    /// while a server writes to it: the copy is taken in one read transaction, and in WAL mode a
    /// reader never blocks the writer, so ingest goes on and the copy is one consistent snapshot.
    ///
    /// The copy is written to a temporary file beside `destination`, checked, and only then
    /// renamed into place, so a failed or interrupted backup never leaves a file that looks whole.
    public static func backup(databaseAt source: String, to destination: String) throws -> BackupReport {
        guard access(source, F_OK) == 0 else {
            throw StoreError.database(DatabaseError(extendedCode: SQLITE_CANTOPEN, message: "no database at \(source)", sql: nil))
        }
        let temporary = destination + ".partial-\(getpid())"
        defer { unlink(temporary) }
        do {
            let from = try Connection(path: source, mode: .readOnly)
            sqlite3_busy_timeout(from.handle, 5000)
            let to = try Connection(path: temporary, mode: .readWrite)
            guard let backup = sqlite3_backup_init(to.handle, "main", from.handle, "main") else {
                throw to.error(sqlite3_errcode(to.handle), sql: "sqlite3_backup_init")
            }
            // -1: every page in one step, so the copy is a single snapshot even while the
            // source changes (a step-wise copy restarts on every write by another connection).
            let rc = sqlite3_backup_step(backup, -1)
            let pages = Int(sqlite3_backup_pagecount(backup))
            let finished = sqlite3_backup_finish(backup)
            guard rc == SQLITE_DONE, finished == SQLITE_OK else {
                throw to.error(rc == SQLITE_DONE ? finished : rc, sql: "sqlite3_backup_step")
            }
            // The copy stands alone: one file, no WAL beside it.
            _ = try to.queryOne("PRAGMA journal_mode = DELETE", map: { $0.text(0) })
            let check = try to.query("PRAGMA quick_check", map: { $0.text(0) }).joined(separator: "\n")
            let size = try to.queryOne("PRAGMA page_count", map: { $0.int(0) }) ?? 0
            let pageSize = try to.queryOne("PRAGMA page_size", map: { $0.int(0) }) ?? 0
            guard check == "ok" else { throw StoreError.database(DatabaseError(extendedCode: SQLITE_CORRUPT, message: "the copy failed its check: \(check)", sql: nil)) }
            guard rename(temporary, destination) == 0 else {
                throw StoreError.database(DatabaseError(extendedCode: SQLITE_CANTOPEN, message: "rename to \(destination): \(String(cString: strerror(errno)))", sql: nil))
            }
            return BackupReport(pages: pages, bytes: size * pageSize, check: check)
        } catch let error as DatabaseError {
            throw StoreError.wrap(error)
        }
    }
}
