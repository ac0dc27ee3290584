import CSQLite

/// What `Store.prune` did.
public struct PruneReport: Sendable, Equatable {
    public var runsDeleted = 0
    public var rowsDeleted = 0
    /// Transactions it took (each one small).
    public var steps = 0
    /// Free pages given back to the file system by incremental vacuum.
    public var pagesReclaimed = 0
    /// Free pages left inside the file (a database created before incremental vacuum keeps
    /// them for reuse until a full `VACUUM`).
    public var freePagesLeft = 0

    public init() {}
}

extension Store {
    /// Deletes finished runs created before `cutoff` (ms since the epoch) with everything that
    /// belongs to them, `batchSize` rows per transaction, then gives the freed pages back.
    ///
    /// Each step is an ordinary job on the writer queue: ingest interleaves with it and waits
    /// at most one small step. Safe while serving, and from another process (`verdict prune`).
    public func prune(createdBefore cutoff: Int64, batchSize: Int = 500, now: Int64) throws -> PruneReport {
        var report = PruneReport()
        while true {
            let step = try write(now: now) { try $0.pruneStep(createdBefore: cutoff, batchSize: max(1, batchSize)) }
            report.steps += 1
            report.runsDeleted += step.runsDeleted
            report.rowsDeleted += step.rowsDeleted
            if step.finished { break }
        }
        try reclaimSpace(into: &report, pagesPerStep: max(64, batchSize))
        return report
    }

    /// With `auto_vacuum = INCREMENTAL`, frees pages in small transactions; then truncates the WAL.
    func reclaimSpace(into report: inout PruneReport, pagesPerStep: Int) throws {
        let incremental = try read { try $0.queryOne("PRAGMA auto_vacuum", map: { $0.int(0) }) } == 2
        while incremental {
            let freed = try write(now: 0) { writer -> Int in
                let before = try writer.connection.queryOne("PRAGMA freelist_count", map: { $0.int(0) }) ?? 0
                guard before > 0 else { return 0 }
                try writer.connection.run("PRAGMA incremental_vacuum(\(pagesPerStep))")
                let after = try writer.connection.queryOne("PRAGMA freelist_count", map: { $0.int(0) }) ?? 0
                return Int(before - after)
            }
            report.pagesReclaimed += freed
            if freed == 0 { break }
        }
        report.freePagesLeft = Int(try read { try $0.queryOne("PRAGMA freelist_count", map: { $0.int(0) }) } ?? 0)
        checkpoint()
    }

    /// Moves the WAL into the database file and truncates it, if no reader is in the way;
    /// best effort (the next automatic checkpoint does it otherwise).
    public func checkpoint() {
        guard let connection = try? Connection(path: path, mode: .readWrite) else { return }
        sqlite3_busy_timeout(connection.handle, 1000)
        _ = try? connection.query("PRAGMA wal_checkpoint(TRUNCATE)", map: { $0.int(0) })
    }

    /// Checks the write connection before anything else, so a start-up fails with a clear
    /// message instead of later writes failing one by one: SQLite silently opens a file it may
    /// not write read-only. A database created by this build frees pages in small steps
    /// (`auto_vacuum = INCREMENTAL`); the mode can only be chosen before the first table exists.
    static func prepareWriteConnection(_ connection: Connection) throws {
        if sqlite3_db_readonly(connection.handle, "main") == 1 {
            throw DatabaseError(extendedCode: SQLITE_READONLY,
                                message: "the database is read-only here (the file, its folder or the file system); verdict must be able to write it",
                                sql: nil)
        }
        let pages = try connection.queryOne("PRAGMA page_count", map: { $0.int(0) }) ?? 0
        if pages == 0 { try connection.execute("PRAGMA auto_vacuum = INCREMENTAL") }
    }

    /// Rewrites the whole file without its free pages and switches it to incremental vacuum.
    /// Blocks every write for its duration: an explicit `verdict prune --vacuum`, never automatic.
    public static func vacuum(databaseAt path: String) throws {
        do {
            let connection = try Connection(path: path, mode: .readWrite)
            sqlite3_busy_timeout(connection.handle, 30_000)
            try connection.execute("PRAGMA auto_vacuum = INCREMENTAL")
            try connection.execute("VACUUM")
        } catch {
            throw StoreError.wrap(error)
        }
    }
}
