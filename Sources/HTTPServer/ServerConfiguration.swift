import Glibc

/// Everything `Server` needs to know before it starts.
public struct ServerConfiguration: Sendable {
    /// Address to bind: an IP literal or a name getaddrinfo resolves ("0.0.0.0", "::", "localhost").
    public var host: String = "127.0.0.1"
    /// TCP port; 0 binds a free ephemeral port (read it back from `Server.port`).
    public var port: Int = 8080
    public var limits: Limits = Limits()
    /// Threads running handlers; a handler may block (e.g. on a database commit).
    public var workerThreads: Int = 32
    /// Threads running epoll loops; each owns the connections it accepted. One per core by
    /// default: a loop answering inline (see `inlineResponder`) is CPU-bound.
    public var eventLoops: Int = ServerConfiguration.onlineCores
    /// Where bodies above `limits.spoolThreshold` are written while they arrive.
    public var spoolDirectory: String = ServerConfiguration.defaultSpoolDirectory
    /// Turns every error the server itself answers (400, 408, 411, 413, 415, 431, 503, ...) into
    /// a response. The default is `HTTPError.defaultResponse`: status plus the JSON envelope.
    public var errorResponse: @Sendable (HTTPError) -> Response = HTTPError.defaultResponse
    /// Tried on the event-loop thread before a request is handed to the worker pool; a non-nil
    /// answer is sent at once. For answers that need no blocking call (the app's embedded
    /// static files): it saves two thread hand-offs per request, but anything slow here stalls
    /// every connection of the loop.
    public var inlineResponder: (@Sendable (Request) -> Response?)?
    /// Called once per response on the event-loop thread; keep it quick (e.g. enqueue a line).
    public var accessLog: (@Sendable (AccessLogEntry) -> Void)?

    public init(host: String = "127.0.0.1", port: Int = 8080, limits: Limits = Limits()) {
        self.host = host
        self.port = port
        self.limits = limits
    }

    /// Cores this process may run on (at least 1).
    public static var onlineCores: Int { max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) }

    /// `$TMPDIR` when set, else `/tmp`.
    public static var defaultSpoolDirectory: String {
        if let tmp = getenv("TMPDIR") {
            let path = String(cString: tmp)
            if !path.isEmpty { return path }
        }
        return "/tmp"
    }
}

/// One line of the access log. Carries no header values: tokens must never reach a log.
public struct AccessLogEntry: Sendable, Equatable {
    public var method: String
    /// The request path without its query (still percent-encoded).
    public var path: String
    public var status: Int
    /// Body bytes sent (0 for HEAD).
    public var bytes: Int
    /// From the complete request head to the response being queued for writing.
    public var durationMs: Int
    /// `address:port` of the peer.
    public var remoteAddress: String
}
