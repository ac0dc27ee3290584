import Foundation
import HTTPServer
import Reports

/// An in-process stand-in for Verdict's upload API on 127.0.0.1: JUnit posts are answered from a
/// script, then with a plausible success; every request is recorded (bodies as the server
/// decoded them, so gzip is already undone).
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

    /// Starts at once unless `start` is false (then `port` is a free port it will use).
    init(script: [Response] = [], port: Int = 0, start: Bool = true) throws {
        self.script = script
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
        return lock.withLock {
            seen.append(Seen(method: request.method, target: request.target, headers: request.headers, body: body))
            guard request.method == "POST" else { return Self.json(200, #"{"key": "run"}"#) }
            if !script.isEmpty { return script.removeFirst() }
            let cases = String(decoding: body, as: UTF8.self).components(separatedBy: "<testcase").count - 1
            return Self.json(201, #"{"accepted": \#(cases), "duplicates": 0, "testcases": \#(cases)}"#)
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
