import Glibc

/// One client connection. Owned and touched only by the event loop that accepted it.
final class Connection {
    /// A request parsed completely and waiting for its turn; pipelined requests are answered
    /// strictly in arrival order (RFC 9112 §9.3.2).
    struct Ready {
        var request: Request
        var keepAlive: Bool
        var receivedAt: Int64
    }

    /// What we remember about the request a worker is handling.
    struct InFlight {
        var method: String
        var path: String
        var keepAlive: Bool
        var receivedAt: Int64
    }

    let fd: Int32
    /// Distinguishes this connection from a later one that reuses the descriptor number.
    let serial: UInt64
    let remoteAddress: String
    /// False for connections accepted beyond `maxConnections`, which only get a 503.
    let counted: Bool

    var parser: RequestParser
    var timer: ConnectionTimer
    /// The request whose body is arriving, and its body so far.
    var head: RequestHead?
    var headReceivedAt: Int64 = 0
    var collector: BodyCollector?
    var ready: [Ready] = []
    var inFlight: InFlight?
    var output: [UInt8] = []
    var outputOffset = 0
    /// A parse error, answered after the requests before it.
    var pendingError: HTTPError?
    /// The current head asked for `100 Continue`, not yet sent.
    var continuePending = false
    /// A request said `Connection: close`: parse nothing after it (RFC 9112 §9.6).
    var noMoreRequests = false
    var closeAfterWrite = false
    /// The peer shut down its sending side.
    var peerClosed = false
    var lingering = false
    var closed = false
    var answeredAny = false
    /// The epoll event mask currently registered.
    var interest: UInt32 = 0

    init(fd: Int32, serial: UInt64, remoteAddress: String, counted: Bool, limits: Limits, now: Int64) {
        self.fd = fd
        self.serial = serial
        self.remoteAddress = remoteAddress
        self.counted = counted
        self.parser = RequestParser(limits: limits)
        self.timer = ConnectionTimer(now: now)
    }

    var pendingOutput: Int { output.count - outputOffset }

    /// Nothing received, queued, running or unsent: safe to close without losing anything.
    var isIdle: Bool {
        inFlight == nil && ready.isEmpty && pendingOutput == 0 && pendingError == nil && parser.isIdle
    }

    /// Deletes spool files of bodies that will never reach a handler.
    func discardQueuedBodies() {
        for entry in ready { entry.request.body.deleteSpoolFile() }
        ready.removeAll()
        collector?.discard()
        collector = nil
        head = nil
        continuePending = false
    }

    /// The phase the timeout rules apply to, derived from the state.
    var currentPhase: ConnectionTimer.Phase {
        if lingering { return .lingering }
        if pendingOutput > 0 { return .writing }
        if inFlight != nil || !ready.isEmpty { return .handling }
        if parser.isReadingBody { return .readingBody }
        if !parser.isIdle { return .readingHead }
        return answeredAny ? .idle : .awaitingFirstRequest
    }
}

extension RequestBody {
    /// Removes the spool file behind a `.file` body; the server calls it once the handler returned.
    func deleteSpoolFile() {
        if case .file(let file) = self { _ = unlink(file.path) }
    }
}
