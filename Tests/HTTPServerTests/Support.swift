import Glibc
import Testing
@testable import HTTPServer

/// A request as the parser produced it: head plus the concatenated body parts.
struct ParsedRequest {
    var head: RequestHead
    var body: [UInt8]
    var text: String { String(decoding: body, as: UTF8.self) }
}

extension RequestParser {
    /// Every complete request in `bytes`; throws the parser's first error.
    static func parseAll(_ bytes: [UInt8], limits: Limits = Limits()) throws(HTTPError) -> [ParsedRequest] {
        var feeder = ParserFeeder(limits: limits)
        return try feeder.feed(bytes)
    }

    static func parseAll(_ text: String, limits: Limits = Limits()) throws(HTTPError) -> [ParsedRequest] {
        try parseAll(Array(text.utf8), limits: limits)
    }

    /// The error `text` produces, or nil when it parses.
    static func error(_ text: String, limits: Limits = Limits()) -> HTTPError? {
        error(Array(text.utf8), limits: limits)
    }

    static func error(_ bytes: [UInt8], limits: Limits = Limits()) -> HTTPError? {
        do {
            _ = try parseAll(bytes, limits: limits)
            return nil
        } catch {
            return error
        }
    }

}

/// A parser plus the request being assembled, so bytes can arrive in any slicing.
struct ParserFeeder {
    var parser: RequestParser
    var current: ParsedRequest?

    init(limits: Limits = Limits()) {
        parser = RequestParser(limits: limits)
    }

    /// Appends `bytes` and returns the requests they completed.
    mutating func feed(_ bytes: [UInt8]) throws(HTTPError) -> [ParsedRequest] {
        parser.append(bytes)
        var requests: [ParsedRequest] = []
        while let part = try parser.next() {
            switch part {
            case .head(let head): current = ParsedRequest(head: head, body: [])
            case .body(let bytes): current?.body += bytes
            case .end:
                if let current { requests.append(current) }
                current = nil
            }
        }
        return requests
    }
}

extension Limits {
    static func make(_ change: (inout Limits) -> Void) -> Limits {
        var limits = Limits()
        change(&limits)
        return limits
    }
}

/// A server on 127.0.0.1 and an ephemeral port, shut down by `stop()`.
func startServer(
    limits: Limits = Limits(), workers: Int = 4, loops: Int = 1, spoolDirectory: String? = nil,
    handler: @escaping @Sendable (Request) -> Response = { _ in Response(status: 200, contentType: "text/plain", body: Array("hello".utf8)) },
    errorResponse: (@Sendable (HTTPError) -> Response)? = nil,
    accessLog: (@Sendable (AccessLogEntry) -> Void)? = nil,
    inlineResponder: (@Sendable (Request) -> Response?)? = nil
) throws -> Server {
    var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, limits: limits)
    configuration.workerThreads = workers
    configuration.eventLoops = loops
    if let spoolDirectory { configuration.spoolDirectory = spoolDirectory }
    if let errorResponse { configuration.errorResponse = errorResponse }
    configuration.accessLog = accessLog
    configuration.inlineResponder = inlineResponder
    let server = Server(configuration: configuration, handler: handler)
    try server.start()
    return server
}

extension Server {
    func stop() {
        shutdown()
        wait()
    }
}

/// A plain blocking TCP socket for sending exact bytes, including broken ones.
final class RawSocket {
    let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if rc != 0 {
            let error = SystemError(call: "connect", errno: errno)
            close(fd)
            throw error
        }
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    func send(_ text: String) { send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            offset += n
        }
    }

    /// Everything until the server closes (or 20 s pass).
    func readToEnd() -> String {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, 65536, 0) }
            if n <= 0 { break }
            result += chunk[0..<n]
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// Reads until `text` contains `count` occurrences of `marker`.
    func read(until marker: String, count: Int = 1) -> String {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while String(decoding: result, as: UTF8.self).components(separatedBy: marker).count - 1 < count {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, 65536, 0) }
            if n <= 0 { break }
            result += chunk[0..<n]
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// True when the server closed the connection (reads end or reset).
    func isClosedByPeer() -> Bool {
        var byte: UInt8 = 0
        while true {
            let n = recv(fd, &byte, 1, 0)
            if n == 0 { return true }
            if n < 0 { return errno == ECONNRESET }
        }
    }
}

extension String {
    func components(separatedBy separator: String) -> [String] {
        var parts: [String] = []
        var rest = self[...]
        while let range = rest.firstRange(of: separator) {
            parts.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        parts.append(String(rest))
        return parts
    }
}

/// Polls `condition` every 10 ms for up to 10 s; for waiting on another thread, never for timing.
func eventually(_ condition: () -> Bool) -> Bool {
    for _ in 0..<1000 {
        if condition() { return true }
        usleep(10_000)
    }
    return condition()
}

/// A latch handlers wait on until the test opens it.
final class Gate: @unchecked Sendable {
    private let lock = ConditionLock()
    private var isOpen = false
    private var waiting = 0

    func open() {
        lock.withLock {
            isOpen = true
            lock.broadcast()
        }
    }

    func wait() {
        lock.withLock {
            waiting += 1
            lock.broadcast()
            while !isOpen { lock.wait() }
        }
    }

    /// How many threads reached `wait()` so far.
    var arrivals: Int { lock.withLock { waiting } }
}

/// Work on a native thread (blocking calls do not belong on the concurrency pool).
final class Background<T>: @unchecked Sendable {
    private let lock = ConditionLock()
    private var result: T?
    private var thread: pthread_t?

    init(_ body: @escaping @Sendable () -> T) {
        thread = Threads.spawn { [self] in
            let value = body()
            lock.withLock { result = value }
        }
    }

    /// Waits for the thread and returns its result.
    var value: T {
        if let thread { Threads.join(thread) }
        thread = nil
        return lock.withLock { result! }
    }
}

/// A thread-safe list for collecting what handlers and hooks saw.
final class Recorder<T>: @unchecked Sendable {
    private let lock = ConditionLock()
    private var items: [T] = []

    func append(_ item: T) { lock.withLock { items.append(item) } }
    var all: [T] { lock.withLock { items } }
}

/// A handler that answers `path` with the path, `/slow` after 50 ms, `/echo` with the body.
let echoHandler: @Sendable (Request) -> Response = { request in
    if request.path == "/slow" { usleep(50_000) }
    if request.path == "/echo" {
        let body = (try? request.body.readAll()) ?? []
        return Response(status: 200, contentType: "application/octet-stream", body: body)
    }
    return Response(status: 200, contentType: "text/plain", body: Array(request.path.utf8))
}
