/// One schema step, `migrations/NNNN_name.sql`. Applied in version order, once.
public struct Migration: Sendable, Equatable {
    public let version: Int
    public let name: String
    public let sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// Parses `0001_initial.sql` into version 1, name "initial"; nil for other file names.
    public init?(fileName: String, sql: String) {
        guard fileName.hasSuffix(".sql") else { return nil }
        let stem = fileName.dropLast(4)
        guard let underscore = stem.firstIndex(of: "_"), let version = Int(stem[..<underscore]), version > 0 else { return nil }
        self.init(version: version, name: String(stem[stem.index(after: underscore)...]), sql: sql)
    }
}

/// Applies pending migrations inside one transaction and records each in `schema_migrations`.
enum Migrator {
    static func migrate(_ connection: Connection, migrations: [Migration], now: Int64) throws -> [Migration] {
        let sorted = migrations.sorted { $0.version < $1.version }
        for (a, b) in zip(sorted, sorted.dropFirst()) where a.version == b.version {
            throw StoreError.invalidMigrations("two migrations have version \(a.version): \(a.name), \(b.name)")
        }
        try connection.execute("BEGIN IMMEDIATE")
        do {
            try connection.execute("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)
                """)
            let applied = Set(try connection.query("SELECT version FROM schema_migrations") { Int($0.int(0)) })
            if let newest = applied.max(), newest > (sorted.last?.version ?? 0) {
                throw StoreError.invalidMigrations(
                    "the database is at schema version \(newest), newer than this build knows (\(sorted.last?.version ?? 0)); use a newer verdict")
            }
            var done: [Migration] = []
            for migration in sorted where !applied.contains(migration.version) {
                try connection.execute(migration.sql)
                try connection.run(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    [.int(migration.version), .text(migration.name), .integer(now)])
                done.append(migration)
            }
            try connection.execute("COMMIT")
            return done
        } catch {
            try? connection.execute("ROLLBACK")
            throw error
        }
    }
}
