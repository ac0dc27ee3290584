import CSQLite
import Reports

/// Verdict's storage: one SQLite database in WAL mode, one writer thread with group commit and
/// a pool of readers. Its API speaks in domain values only, so another backend could replace it.
public final class Store: Sendable {
    public let path: String
    let writer: WriterQueue
    let readers: ReaderPool
    /// Migrations applied when this store was opened (empty when the schema was current).
    public let appliedMigrations: [Migration]

    /// Opens (creating if needed) the database at `path` and applies pending migrations.
    public init(path: String, migrations: [Migration], options: StoreOptions = StoreOptions(), now: Int64) throws {
        self.path = path
        let writeConnection = try Connection(path: path, mode: .readWrite)
        do {
            try Store.configure(writeConnection, options: options, writer: true)
        } catch let error as DatabaseError {
            throw error.isCorrupt ? StoreError.database(error) : error
        }
        appliedMigrations = try Migrator.migrate(writeConnection, migrations: migrations, now: now)
        writer = WriterQueue(connection: writeConnection, maxPending: options.maxPendingWrites)
        readers = ReaderPool(maxIdle: options.maxIdleReaders) {
            let connection = try Connection(path: path, mode: .readOnly)
            try Store.configure(connection, options: options, writer: false)
            return connection
        }
    }

    static func configure(_ connection: Connection, options: StoreOptions, writer: Bool) throws {
        sqlite3_busy_timeout(connection.handle, Int32(options.busyTimeoutMs))
        if writer {
            try prepareWriteConnection(connection)
            // WAL: readers never block the writer, and the writer never blocks readers.
            let mode = try connection.queryOne("PRAGMA journal_mode = WAL", map: { $0.text(0) })
            guard mode == "wal" else {
                throw DatabaseError(extendedCode: SQLITE_CANTOPEN, message: "cannot switch to WAL (journal_mode is \(mode ?? "?"))", sql: nil)
            }
            let sync = options.durability == .full ? "FULL" : "NORMAL"
            try connection.execute("PRAGMA synchronous = \(sync)")
            if options.maxPageCount > 0 { _ = try connection.queryOne("PRAGMA max_page_count = \(options.maxPageCount)", map: { $0.int(0) }) }
        }
        try connection.execute("PRAGMA foreign_keys = ON")
        try connection.execute("PRAGMA cache_size = -\(options.cacheKiB)")
        try connection.execute("PRAGMA temp_store = MEMORY")
    }

    /// Runs `work` in the writer's next transaction and returns after it is committed.
    @discardableResult
    public func write<T>(now: Int64, _ work: @escaping (Writer) throws -> T) throws -> T {
        try writer.submit { connection in try work(Writer(connection: connection, now: now)) }
    }

    /// Like `write`, but with an `Idempotency-Key`: the first request's answer is stored in the
    /// same transaction as its data, and a repeat gets that answer back without writing again.
    /// Returns the answer and whether it was a replay.
    public func write(
        now: Int64, idempotency: IdempotencyKey?, _ work: @escaping (Writer) throws -> StoredAnswer
    ) throws -> (answer: StoredAnswer, replayed: Bool) {
        try writer.submit { connection in
            let writer = Writer(connection: connection, now: now)
            if let idempotency, let stored = try writer.storedAnswer(idempotency) { return (stored, true) }
            let answer = try work(writer)
            if let idempotency, (200..<300).contains(answer.status) { try writer.remember(idempotency, answer: answer) }
            return (answer, false)
        }
    }

    func read<T>(_ body: (Connection) throws -> T) throws -> T {
        do { return try readers.read(body) } catch { throw StoreError.wrap(error) }
    }

    public var writerStats: WriterStats { writer.currentStats }

    /// Finishes queued writes and stops the writer. Reads still work.
    public func close() { writer.close() }
}

extension Store {
    public func projects() throws -> [ProjectSummary] { try read { try $0.projectSummaries() } }

    public func run(project: String, key: String) throws -> RunSummary? {
        try read { try $0.runSummary(project: project, key: key) }
    }

    public func runs(project: String, branch: String? = nil, status: RunStatus? = nil, limit: Int, before: String? = nil) throws -> Page<RunSummary> {
        try read { try $0.runSummaries(project: project, branch: branch, status: status, limit: limit, before: before.flatMap { Int64($0) }) }
    }

    /// nil when the run does not exist.
    public func results(project: String, run: String, status: Status? = nil, limit: Int, after: String? = nil) throws -> Page<StoredResult>? {
        try read { try $0.results(project: project, run: run, status: status, limit: limit, after: after) }
    }

    public func token(hash: [UInt8]) throws -> TokenRecord? { try read { try $0.token(hash: hash) } }

    public func tokens() throws -> [TokenRecord] { try read { try $0.tokens() } }

    /// `PRAGMA integrity_check`'s answer: "ok" when the database is sound.
    public func integrityCheck() throws -> String {
        try read { try $0.query("PRAGMA integrity_check", map: { $0.text(0) }).joined(separator: "\n") }
    }

    /// The database's size in bytes (pages in use times page size).
    public func databaseBytes() throws -> Int64 {
        try read { c in
            let pages = try c.queryOne("PRAGMA page_count", map: { $0.int(0) }) ?? 0
            let size = try c.queryOne("PRAGMA page_size", map: { $0.int(0) }) ?? 0
            return pages * size
        }
    }
}
