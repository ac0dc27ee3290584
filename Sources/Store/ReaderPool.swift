/// Read connections, checked out one per query. WAL lets readers run beside the writer
/// without waiting for it. Connections are opened on demand up to `maxIdle` kept.
final class ReaderPool: @unchecked Sendable {
    private let lock = Lock()
    private var idle: [Connection] = []
    private let open: () throws -> Connection
    private let maxIdle: Int

    init(maxIdle: Int, open: @escaping () throws -> Connection) {
        self.maxIdle = maxIdle
        self.open = open
    }

    func read<T>(_ body: (Connection) throws -> T) throws -> T {
        let connection = try lock.withLock { idle.popLast() } ?? open()
        defer {
            lock.withLock { if idle.count < maxIdle { idle.append(connection) } }
        }
        // One read transaction for all of the body's statements: a consistent snapshot. Cached
        // statements, not `execute`: sqlite3_exec would parse both on every read.
        try connection.run("BEGIN")
        defer { _ = try? connection.run("COMMIT") }
        return try body(connection)
    }
}
