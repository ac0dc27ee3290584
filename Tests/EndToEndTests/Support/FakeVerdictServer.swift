import Foundation
import HTTPServer
import Reports

/// An in-process stand-in for Verdict's upload API on 127.0.0.1: JUnit posts are answered from a
/// script, then with a plausible success; every request is recorded (bodies as the server
/// decoded them, so gzip is already undone).
///
/// With an `upstream` (a real server's port) it is a proxy instead: what the script does not
/// answer is forwarded, and with `forwardScripted` even scripted posts are forwarded first and
/// their real answer dropped, as when a response is lost after the server committed.
final class FakeVerdictServer: @unchecked Sendable {
    struct Seen {
        let method: String
        let target: String
        let headers: HTTPHeaders
        let body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    private let lock = NSLock()
    private var script: [Response]
    private var seen: [Seen] = []
    private var server: Server?
    private(set) var port: Int
    private let upstream: Int?
    private let forwardScripted: Bool

    /// Starts at once unless `start` is false (then `port` is a free port it will use).
    init(script: [Response] = [], port: Int = 0, start: Bool = true, upstream: Int? = nil, forwardScripted: Bool = false) throws {
        self.script = script
        self.upstream = upstream
        self.forwardScripted = forwardScripted
        self.port = port == 0 && !start ? try Self.freePort() : port
        if start { try self.start() }
    }

    deinit { stop() }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    func start() throws {
        var configuration = ServerConfiguration(host: "127.0.0.1", port: port)
        configuration.workerThreads = 4
        let server = Server(configuration: configuration) { [weak self] request in
            self?.answer(request) ?? Response(status: 500)
        }
        try server.start()
        lock.withLock {
            self.server = server
            port = server.port
        }
    }

    func stop() {
        guard let server = lock.withLock({ self.server }) else { return }
        server.shutdown()
        server.wait()
        lock.withLock { self.server = nil }
    }

    var requests: [Seen] { lock.withLock { seen } }
    var posts: [Seen] { requests.filter { $0.method == "POST" } }

    private func answer(_ request: Request) -> Response {
        let body = (try? request.body.readAll()) ?? []
        let scripted: Response? = lock.withLock {
            seen.append(Seen(method: request.method, target: request.target, headers: request.headers, body: body))
            return request.method == "POST" && !script.isEmpty ? script.removeFirst() : nil
        }
        if let upstream, scripted == nil || forwardScripted {
            let forwarded = Self.forward(request, body: body, to: upstream)
            return scripted ?? forwarded
        }
        if let scripted { return scripted }
        guard request.method == "POST" else { return Self.json(200, #"{"key": "run"}"#) }
        let cases = String(decoding: body, as: UTF8.self).components(separatedBy: "<testcase").count - 1
        return Self.json(201, #"{"accepted": \#(cases), "duplicates": 0, "testcases": \#(cases)}"#)
    }

    /// The request as the client sent it, less the framing and encoding the server undid.
    private static func forward(_ request: Request, body: [UInt8], to port: Int) -> Response {
        var headers = HTTPHeaders()
        for (name, value) in request.headers where !["host", "content-length", "content-encoding", "expect", "connection"].contains(name.lowercased()) {
            headers.add(name, value)
        }
        do {
            let reply = try HTTPClient(host: "127.0.0.1", port: port).send(request.method, request.target, headers: headers, body: body)
            var response = Response(status: reply.status, body: reply.body)
            for name in ["Content-Type", "Retry-After"] { if let value = reply.headers[name] { response.headers.set(name, value) } }
            return response
        } catch {
            return Self.error(502, "bad_gateway", "\(error)")
        }
    }

    static func json(_ status: Int, _ text: String, headers: [(String, String)] = []) -> Response {
        var response = Response(status: status, contentType: "application/json", body: Array(text.utf8))
        for (name, value) in headers { response.headers.add(name, value) }
        return response
    }

    static func error(_ status: Int, _ code: String, _ message: String, retryAfter: String? = nil) -> Response {
        json(status, #"{"error": {"code": "\#(code)", "message": "\#(message)"}}"#, headers: retryAfter.map { [("Retry-After", $0)] } ?? [])
    }

    /// A port nothing listens on right now (bound once, then released).
    static func freePort() throws -> Int {
        let probe = Server(configuration: ServerConfiguration(host: "127.0.0.1", port: 0)) { _ in Response(status: 200) }
        try probe.start()
        let port = probe.port
        probe.shutdown()
        probe.wait()
        return port
    }
}
