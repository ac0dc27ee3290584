import Glibc
import Synchronization

/// What every event loop of one server shares; immutable after start except for the counters.
final class ServerContext: Sendable {
    let configuration: ServerConfiguration
    let handler: @Sendable (Request) -> Response
    let pool: WorkerPool
    let listenerFD: Int32
    /// Connections admitted under `maxConnections`, across all loops.
    let openConnections = Atomic<Int>(0)

    init(configuration: ServerConfiguration, handler: @escaping @Sendable (Request) -> Response,
         pool: WorkerPool, listenerFD: Int32) {
        self.configuration = configuration
        self.handler = handler
        self.pool = pool
        self.listenerFD = listenerFD
    }

    var limits: Limits { configuration.limits }

    /// Counts a new connection in; false when `maxConnections` are already open.
    func admit() -> Bool {
        let count = openConnections.add(1, ordering: .relaxed).newValue
        if count <= limits.maxConnections { return true }
        openConnections.subtract(1, ordering: .relaxed)
        return false
    }

    func release() {
        openConnections.subtract(1, ordering: .relaxed)
    }
}

/// A handler's answer on its way back from a worker to the loop owning the connection.
struct Completion: Sendable {
    let fd: Int32
    let serial: UInt64
    let response: Response
}

/// One epoll loop on its own thread; it owns the connections it accepted.
///
/// Level-triggered epoll: back-pressure (stop reading while requests wait for workers or
/// output is unsent) is then just a change of the interest mask, and a socket we chose not
/// to drain is reported again later. Edge-triggered would force us to remember every
/// undrained socket ourselves. Workers hand responses back through `inbox`, and wake the loop
/// through an eventfd only when it is blocked in `epoll_wait`: a loop that is busy picks the
/// inbox up at the end of its pass anyway, and each needless wake costs two system calls.
final class EventLoop: @unchecked Sendable {
    let context: ServerContext
    let epoll: Epoll
    private let wakeSignal: WakeSignal
    var connections: [Int32: Connection] = [:]
    private let inbox = Mutex<[Completion]>([])
    /// Completions posted and not yet taken; read without the inbox lock.
    private let posted = Atomic<Int>(0)
    /// True while the loop is in (or about to enter) `epoll_wait`.
    private let waiting = Atomic<Bool>(false)
    private let stopRequested = Atomic<Bool>(false)
    var draining = false
    private var listening = false
    private var acceptPausedUntil: Int64?
    private var nextSerial: UInt64 = 0
    /// Connections over `maxConnections` currently getting their 503; bounded too.
    var rejecting = 0
    let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
    private var cachedDate: (second: time_t, text: String) = (0, "")
    private var lastSweep: Int64 = 0
    private let tickMs: Int

    /// Parsed requests a connection may hold ahead of the one being handled.
    static let maxPipelined = 16
    /// Unsent response bytes beyond which a connection stops reading more requests.
    static let maxPendingOutput = 1 << 20

    init(context: ServerContext) throws {
        self.context = context
        epoll = try Epoll()
        do {
            wakeSignal = try WakeSignal()
        } catch {
            epoll.close()
            throw error
        }
        let limits = context.limits
        let shortest = [limits.headerTimeoutMs, limits.bodyTimeoutMs, limits.idleTimeoutMs].min() ?? 1000
        tickMs = max(5, min(250, shortest / 4))
        epoll.add(wakeSignal.fd, events: Epoll.input)
        startListening()
    }

    /// Releases descriptors; only after the loop and every worker finished.
    func closeDescriptors() {
        wakeSignal.close()
        epoll.close()
        readBuffer.deallocate()
    }

    /// Runs until a requested shutdown has drained every connection.
    func run() {
        let events = EpollEvents(capacity: 256)
        defer { events.deallocate() }
        while !(draining && connections.isEmpty) {
            // With `post`, a Dekker handshake (both sides store, then load, sequentially
            // consistent): either this load sees the completion, or the worker sees `waiting`
            // and signals the eventfd, which ends the wait at once.
            waiting.store(true, ordering: .sequentiallyConsistent)
            let idle = posted.load(ordering: .sequentiallyConsistent) == 0
            let count = epoll.wait(events, timeoutMs: idle ? tickMs : 0)
            waiting.store(false, ordering: .relaxed)
            let now = MonotonicClock.now()
            for index in 0..<count {
                let (fd, flags) = events[index]
                if fd == wakeSignal.fd {
                    wakeSignal.reset()
                } else if fd == context.listenerFD {
                    acceptConnections(now: now)
                } else if let connection = connections[fd] {
                    handleEvent(connection, flags: flags, now: now)
                }
            }
            deliverCompletions(now: now)
            if stopRequested.load(ordering: .acquiring) && !draining { beginDraining() }
            if now - lastSweep >= Int64(tickMs) { sweep(now: now) }
        }
    }

    /// Hands a response back from a worker thread.
    func post(_ completion: Completion) {
        inbox.withLock { $0.append(completion) }
        posted.add(1, ordering: .sequentiallyConsistent)
        if waiting.load(ordering: .sequentiallyConsistent) { wake() }
    }

    /// Starts a graceful shutdown; callable from any thread.
    func stop() {
        stopRequested.store(true, ordering: .releasing)
        wake()
    }

    private func wake() { wakeSignal.signal() }

    private func deliverCompletions(now: Int64) {
        let completions = inbox.withLock { inbox in
            let taken = inbox
            inbox.removeAll()
            return taken
        }
        if completions.isEmpty { return }
        posted.subtract(completions.count, ordering: .sequentiallyConsistent)
        for completion in completions {
            guard let connection = connections[completion.fd], connection.serial == completion.serial else { continue }
            complete(connection, with: completion.response, now: now)
        }
    }

    /// Stop accepting, then close every connection with nothing in progress; the rest close
    /// after their current response (which says `Connection: close`).
    private func beginDraining() {
        draining = true
        if listening {
            epoll.remove(context.listenerFD)
            listening = false
        }
        for connection in Array(connections.values) where connection.isIdle || connection.lingering {
            closeConnection(connection)
        }
    }

    private func startListening() {
        // EPOLLEXCLUSIVE: with several loops, one wake-up per new connection, not a herd.
        epoll.add(context.listenerFD, events: Epoll.input | Epoll.exclusive)
        listening = true
    }

    private func acceptConnections(now: Int64) {
        // Bounded so accepting a burst does not starve the established connections.
        for _ in 0..<64 {
            var storage = sockaddr_storage()
            let fd = acceptConnection(context.listenerFD, &storage)
            if fd < 0 {
                switch errno {
                case EINTR, ECONNABORTED: continue
                case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                    // Out of descriptors: level-triggered accept would spin, so pause it briefly.
                    epoll.remove(context.listenerFD)
                    listening = false
                    acceptPausedUntil = now + 100
                    return
                default: return
                }
            }
            let peer = Socket.describe(storage)
            let address = peer.host.contains(":") ? "[\(peer.host)]:\(peer.port)" : "\(peer.host):\(peer.port)"
            Socket.setOption(fd, Int32(IPPROTO_TCP), TCP_NODELAY, 1)
            let admitted = context.admit()
            if !admitted && rejecting >= 64 {
                close(fd)
                continue
            }
            nextSerial += 1
            let connection = Connection(
                fd: fd, serial: nextSerial, remoteAddress: address, counted: admitted,
                limits: context.limits, now: now)
            connections[fd] = connection
            connection.interest = Epoll.input
            epoll.add(fd, events: connection.interest)
            if !admitted {
                rejecting += 1
                let error = HTTPError.tooManyConnections(limit: context.limits.maxConnections)
                respond(connection, with: context.configuration.errorResponse(error),
                        method: "", path: "", keepAlive: false, receivedAt: now, now: now)
                update(connection, now: now)
            }
        }
    }

    private func sweep(now: Int64) {
        lastSweep = now
        if let until = acceptPausedUntil, now >= until, !draining {
            acceptPausedUntil = nil
            startListening()
        }
        for connection in Array(connections.values) {
            switch connection.timer.expiry(now: now, limits: context.limits) {
            case nil:
                continue
            case .close:
                closeConnection(connection)
            case .respond(let error):
                connection.discardQueuedBodies()
                connection.pendingError = nil
                connection.parser = RequestParser(limits: context.limits)
                respond(connection, with: context.configuration.errorResponse(error),
                        method: "", path: "", keepAlive: false, receivedAt: now, now: now)
                update(connection, now: now)
            }
        }
    }

    /// The `Date` field value, formatted at most once a second.
    func date() -> String {
        let second = time(nil)
        if second != cachedDate.second { cachedDate = (second, HTTPDate.format(second)) }
        return cachedDate.text
    }
}
