import Glibc

/// A response as `HTTPClient` received it (interim 1xx responses are skipped).
public struct ClientResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]

    /// The body as UTF-8 text.
    public var text: String { String(decoding: body, as: UTF8.self) }
}

/// A response the client could not read as HTTP/1.1.
public enum HTTPClientError: Error, Equatable, Sendable, CustomStringConvertible {
    case malformedResponse(String)
    /// The server closed the connection before a complete response arrived.
    case connectionClosed

    public var description: String {
        switch self {
        case .malformedResponse(let detail): return "malformed response: \(detail)"
        case .connectionClosed: return "connection closed before the response was complete"
        }
    }
}

/// A small blocking HTTP/1.1 client for `verdict push` and end-to-end tests.
///
/// One keep-alive connection, opened on first use and reused across calls. When a reused
/// connection turns out to be closed by the server before any response byte arrived, the
/// request is sent once more on a fresh connection (Verdict's writes are idempotent). Not thread-safe: create one per thread, they are cheap. Every wait is
/// bounded by `timeoutMs`; failures are `SystemError`s naming the call
/// (`connect: Connection refused`, `recv: Connection timed out`) or `HTTPClientError`.
public final class HTTPClient {
    public let host: String
    public let port: Int
    public var timeoutMs: Int
    var fd: Int32 = -1
    var buffer: [UInt8] = []

    public init(host: String = "127.0.0.1", port: Int, timeoutMs: Int = 30_000) {
        self.host = host
        self.port = port
        self.timeoutMs = timeoutMs
    }

    deinit { close() }

    /// Whether a connection is open (it may still turn out to be closed by the server).
    public var isConnected: Bool { fd >= 0 }

    /// Sends one request and reads its response.
    ///
    /// - Parameters:
    ///   - headers: sent as given; `Host`, `Content-Length` and `Content-Encoding` are added.
    ///   - gzip: compress `body` and send `Content-Encoding: gzip`.
    ///   - expectContinue: send `Expect: 100-continue` and hold the body back until the server
    ///     answers 100 (or a second passes); a final answer instead is returned as is.
    public func send(
        _ method: String, _ target: String, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [],
        gzip: Bool = false, expectContinue: Bool = false
    ) throws -> ClientResponse {
        let content = gzip ? Gzip.compress(body) : body
        var head = "\(method) \(target) HTTP/1.1\r\n"
        if !headers.contains("Host") { head += host.contains(":") ? "Host: [\(host)]:\(port)\r\n" : "Host: \(host):\(port)\r\n" }
        for (name, value) in headers where !name.caseInsensitiveEquals("Content-Length") {
            head += "\(name): \(value)\r\n"
        }
        if !content.isEmpty || ["POST", "PUT", "PATCH"].contains(method) {
            head += "Content-Length: \(content.count)\r\n"
        }
        if gzip { head += "Content-Encoding: gzip\r\n" }
        if expectContinue { head += "Expect: 100-continue\r\n" }
        head += "\r\n"
        let reused = try connectIfNeeded()
        do {
            return try exchange(Array(head.utf8), content, method: method, expectContinue: expectContinue)
        } catch let error where reused && isStaleConnection(error) {
            // The server closed the idle connection as we reused it; nothing was processed.
            close()
            _ = try connectIfNeeded()
            return try exchange(Array(head.utf8), content, method: method, expectContinue: expectContinue)
        }
    }

    /// Closes the connection; the next `send` opens a new one.
    public func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
        buffer.removeAll()
    }

    private func exchange(_ head: [UInt8], _ content: [UInt8], method: String, expectContinue: Bool) throws -> ClientResponse {
        if expectContinue && !content.isEmpty {
            try write(head)
            if try waitReadable(ms: min(1000, timeoutMs)) {
                var head = try readHead()
                if head.status == 100 {
                    try write(content)
                    head = try readHead()
                    return try finish(head, method: method)
                }
                // A final answer without our body: the connection's state is unknown now.
                let response = try finish(head, method: method)
                close()
                return response
            }
            try write(content)
        } else {
            try write(head + content)
        }
        return try finish(try readHead(), method: method)
    }

    private func finish(_ head: ResponseHead, method: String) throws -> ClientResponse {
        var head = head
        while head.status >= 100 && head.status < 200 && head.status != 101 { head = try readHead() }
        let body = try readBody(head, method: method)
        let options = head.headers.values("Connection").flatMap(RequestParser.listElements)
        let keepAlive = head.version == "HTTP/1.1"
            ? !options.contains { $0.caseInsensitiveEquals("close") }
            : options.contains { $0.caseInsensitiveEquals("keep-alive") }
        if !keepAlive { close() }
        return ClientResponse(status: head.status, headers: head.headers, body: body)
    }

    private func isStaleConnection(_ error: Error) -> Bool {
        if let error = error as? HTTPClientError, error == .connectionClosed, buffer.isEmpty { return true }
        if let error = error as? SystemError, [ECONNRESET, EPIPE].contains(error.errno) { return true }
        return false
    }

    /// Opens the connection unless one is usable; true when an existing one is reused.
    private func connectIfNeeded() throws -> Bool {
        if fd >= 0 {
            // A readable idle connection was closed (or is misbehaving): start afresh.
            var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&entry, 1, 0) == 0 && buffer.isEmpty { return true }
            close()
        }
        var lastError: Error = SystemError(call: "connect", errno: EADDRNOTAVAIL)
        for (family, address) in try Socket.resolve(host: host, port: port, passive: false) {
            let socket = Glibc.socket(family, Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), 0)
            guard socket >= 0 else { throw SystemError(call: "socket", errno: errno) }
            do {
                try connect(socket, address)
                Socket.setOption(socket, Int32(IPPROTO_TCP), TCP_NODELAY, 1)
                fd = socket
                return false
            } catch {
                Glibc.close(socket)
                lastError = error
            }
        }
        throw lastError
    }

    private func connect(_ socket: Int32, _ address: [UInt8]) throws {
        let rc = address.withUnsafeBytes {
            Glibc.connect(socket, $0.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(address.count))
        }
        if rc == 0 { return }
        guard errno == EINPROGRESS else { throw SystemError(call: "connect", errno: errno) }
        var entry = pollfd(fd: socket, events: Int16(POLLOUT), revents: 0)
        guard poll(&entry, 1, Int32(timeoutMs)) > 0 else { throw SystemError(call: "connect", errno: ETIMEDOUT) }
        var status: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(socket, SOL_SOCKET, SO_ERROR, &status, &length)
        if status != 0 { throw SystemError(call: "connect", errno: status) }
    }

    private func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = try bytes.withUnsafeBytes { raw throws(SystemError) in
                try Socket.send(fd, UnsafeRawBufferPointer(rebasing: raw[offset...]))
            }
            if sent == 0 {
                var entry = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                guard poll(&entry, 1, Int32(timeoutMs)) > 0 else { throw SystemError(call: "send", errno: ETIMEDOUT) }
            }
            offset += sent
        }
    }

    /// Waits until the socket is readable; false on timeout.
    func waitReadable(ms: Int) throws -> Bool {
        if !buffer.isEmpty { return true }
        return try pollSocket(ms: ms)
    }

    private func pollSocket(ms: Int) throws -> Bool {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while true {
            let rc = poll(&entry, 1, Int32(ms))
            if rc >= 0 { return rc > 0 }
            if errno != EINTR { throw SystemError(call: "poll", errno: errno) }
        }
    }

    /// Reads more bytes into `buffer`; throws on timeout or end of stream.
    func fill() throws {
        guard try pollSocket(ms: timeoutMs) else { throw SystemError(call: "recv", errno: ETIMEDOUT) }
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        let received = try chunk.withUnsafeMutableBytes { raw throws(SystemError) in try Socket.receive(fd, into: raw) }
        guard let count = received else { return }
        if count == 0 { throw HTTPClientError.connectionClosed }
        buffer.append(contentsOf: chunk[0..<count])
    }
}
