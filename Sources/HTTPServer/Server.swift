import Glibc

/// An HTTP/1.1 server on POSIX sockets: epoll loops own the connections, a bounded worker pool
/// runs the synchronous handler, so a handler waiting on a database never stalls I/O.
///
/// ```swift
/// let server = Server(configuration: .init(port: 0)) { request in Response(status: 200) }
/// try server.start()
/// // later, from any thread (e.g. on SIGTERM):
/// server.shutdown()
/// server.wait()
/// ```
public final class Server: @unchecked Sendable {
    public let configuration: ServerConfiguration
    private let handler: @Sendable (Request) -> Response
    private let lock = ConditionLock()
    private var state: State = .idle
    private var context: ServerContext?
    private var loops: [EventLoop] = []
    private var threads: [pthread_t] = []
    private var boundPort = 0

    private enum State { case idle, running, joining, stopped }

    /// A server that answers every request with `handler`, run on a worker thread.
    public init(configuration: ServerConfiguration, handler: @escaping @Sendable (Request) -> Response) {
        self.configuration = configuration
        self.handler = handler
    }

    /// Binds, listens and starts the event-loop and worker threads; returns at once.
    /// Throws `SystemError` (e.g. `bind: Address already in use`) or `HostResolutionError`.
    public func start() throws {
        try lock.withLock {
            precondition(state == .idle, "Server.start() called twice")
            let listener = try Socket.listen(host: configuration.host, port: configuration.port)
            let pool = WorkerPool(threadCount: configuration.workerThreads, capacity: configuration.limits.maxQueuedRequests)
            let context = ServerContext(configuration: configuration, handler: handler, pool: pool, listenerFD: listener)
            do {
                for _ in 0..<max(1, configuration.eventLoops) { loops.append(try EventLoop(context: context)) }
            } catch {
                loops.forEach { $0.closeDescriptors() }
                loops = []
                pool.shutdown()
                close(listener)
                throw error
            }
            self.context = context
            boundPort = Socket.localPort(listener)
            threads = loops.map { loop in Threads.spawn { loop.run() } }
            state = .running
        }
    }

    /// The port actually bound (useful with port 0); 0 before `start()`.
    public var port: Int { lock.withLock { boundPort } }

    /// Connections currently open (admitted under `maxConnections`).
    public var openConnections: Int {
        lock.withLock { context?.openConnections.load(ordering: .relaxed) ?? 0 }
    }

    /// Requests waiting for a worker thread.
    public var queuedRequests: Int { lock.withLock { context?.pool.queuedCount ?? 0 } }

    /// Graceful shutdown, callable from any thread: stop accepting, finish in-flight requests and
    /// flush their responses (sent with `Connection: close`), close idle connections. A request
    /// still arriving is read (within its timeouts) and answered; requests pipelined behind an
    /// answered one are dropped unanswered, which RFC 9112 §9.3.2 lets clients retry. Returns
    /// at once; `wait()` returns when it is done.
    public func shutdown() {
        // Under the lock, so a loop's eventfd is never written after `wait()` closed it.
        lock.withLock {
            guard state == .running || state == .joining else { return }
            loops.forEach { $0.stop() }
        }
    }

    /// Blocks until a shutdown has completed and every thread has ended. Returns at once if the
    /// server was never started.
    public func wait() {
        let mustJoin: Bool = lock.withLock {
            switch state {
            case .idle, .stopped: return false
            case .joining:
                while state != .stopped { lock.wait() }
                return false
            case .running:
                state = .joining
                return true
            }
        }
        guard mustJoin, let context = lock.withLock({ self.context }) else { return }
        threads.forEach(Threads.join)
        // Workers may still post to a loop's eventfd until they finish: close it only after.
        context.pool.shutdown()
        lock.withLock {
            loops.forEach { $0.closeDescriptors() }
            close(context.listenerFD)
            state = .stopped
            lock.broadcast()
        }
    }
}
