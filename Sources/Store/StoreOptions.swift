/// How the store opens its database.
public struct StoreOptions: Sendable, Equatable {
    /// How durable a commit is before the client is answered.
    public enum Durability: String, Sendable, CaseIterable {
        /// `synchronous=FULL`: the WAL is fsynced at every commit; an acknowledged write
        /// survives `kill -9` and power loss.
        case full
        /// `synchronous=NORMAL`: survives `kill -9` of the server (the WAL is in the OS cache),
        /// but the last commits may be lost if the machine loses power.
        case normal
    }

    public var durability: Durability = .full
    /// Writes waiting for the writer; beyond this, `StoreError.overloaded`.
    public var maxPendingWrites = 4096
    /// Read connections kept open between requests.
    public var maxIdleReaders = 16
    /// How long a connection waits for another process's lock (the CLI's token commands).
    public var busyTimeoutMs = 5000
    /// Page cache per connection, in KiB.
    public var cacheKiB = 8192
    /// Upper bound on the database size in pages (0: SQLite's default); lets tests fill the disk.
    public var maxPageCount = 0

    public init() {}
}
