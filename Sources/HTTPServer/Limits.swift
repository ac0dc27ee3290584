/// Every limit the server enforces, in one value. Each has a default, a CLI flag in
/// `verdict serve`, and a test that crosses it.
public struct Limits: Sendable, Equatable {
    /// Request line plus all header fields, in bytes (431 beyond it; 414 for the request line alone is not distinguished).
    public var maxHeaderBytes: Int = 16 * 1024
    /// Number of header fields in one request (431 beyond it).
    public var maxHeaderCount: Int = 100
    /// Decoded request body, in bytes (413 beyond it). Applies after gzip decoding too.
    public var maxBodyBytes: Int = 256 * 1024 * 1024
    /// Bodies larger than this are spooled to a temporary file instead of memory.
    public var spoolThreshold: Int = 1024 * 1024
    /// Open client connections; further connections are answered 503 and closed.
    public var maxConnections: Int = 4096
    /// Time allowed to receive a complete request head, in milliseconds (408 after it).
    public var headerTimeoutMs: Int = 10_000
    /// Time allowed between body bytes, in milliseconds (408 after it).
    public var bodyTimeoutMs: Int = 30_000
    /// An idle keep-alive connection is closed after this many milliseconds.
    public var idleTimeoutMs: Int = 60_000
    /// Requests accepted but not yet handled; beyond it, 503 with `Retry-After`.
    public var maxQueuedRequests: Int = 1024

    public init() {}
}
