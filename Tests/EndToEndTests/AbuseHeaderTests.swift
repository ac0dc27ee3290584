import Foundation
import Testing

/// Header abuse and traversal against the real binary: user data never reaches a response
/// header, static files never leave their folder, repeated and oversized headers are refused.
@Suite struct AbuseHeaderTests {
    static let server = Result { try ServerProcess(arguments: ["--max-header-bytes", "4096"]) }

    @Test(arguments: [
        "/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/..%2f..%2f..%2fetc/passwd", "/%252e%252e/etc/passwd", "/.%2e/.%2e/etc/passwd", "/static/..%5c..%5cetc/passwd",
        "/%00/etc/passwd", "//etc/passwd",
    ])
    func traversal_neverLeavesThePublicFolder(_ path: String) throws {
        let server = try Self.server.get()
        let connection = try RawConnection(port: server.port)
        connection.send("GET \(path) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let text = connection.receive()
        #expect(!text.contains("root:"), "\(path) served /etc/passwd")
        #expect([400, 404].contains(RawConnection.status(text) ?? 0), "\(path): \(text.prefix(120))")
    }

    @Test func userDataWithCRLF_neverReachesAResponseHeader() throws {
        let server = try Self.server.get()
        let api = APIClient(server)
        // Names with encoded CR/LF, and stored values with raw ones, echoed in every way we can.
        for name in ["a%0d%0aSet-Cookie:%20x=1", "a%0aX-Injected:%201"] {
            let reply = try api.post(run: name, results: [result("t\r\nX-Injected: 1", "passed")])
            for (field, value) in reply.headers {
                #expect(!field.lowercased().contains("injected") && !field.lowercased().contains("set-cookie"))
                #expect(!value.contains("\r") && !value.contains("\n"))
            }
        }
        let put = try api.send("PUT", "/api/v1/projects/demo/runs/crlf", json: .object([("name", "x\r\nX-Injected: 1"), ("url", "http://e/\r\nLocation: evil")]))
        #expect(put.status == 200 || put.status == 201)
        let raw = try RawConnection(port: server.port)
        raw.send("GET /api/v1/projects/demo/runs/crlf HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let text = raw.receive()
        let head = text.components(separatedBy: "\r\n\r\n").first ?? ""
        #expect(!head.lowercased().contains("x-injected") && !head.lowercased().contains("location:"), "\(head)")
    }

    @Test(arguments: [
        ("repeated Content-Length", "POST /api/v1/projects/p/runs/r/results HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 2, 3\r\n\r\n{}", 400),
        ("two Hosts", "GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
        ("CR inside a value", "GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n", 400),
        ("NUL inside a value", "GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\u{0}b\r\n\r\n", 400),
        ("LF line end", "GET /healthz HTTP/1.1\nHost: x\n\n", 400),
        ("chunked not last", "POST /api/v1/projects/p/runs/r/results HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n", 400),
        ("chunked twice", "POST /api/v1/projects/p/runs/r/results HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
        ("Transfer-Encoding in HTTP/1.0", "POST /api/v1/projects/p/runs/r/results HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
        ("oversized value", "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "b", count: 8000))\r\n\r\n", 431),
        ("many headers", "GET /healthz HTTP/1.1\r\nHost: x\r\n" + (0..<150).map { "X-\($0): v\r\n" }.joined() + "\r\n", 431),
    ] as [(String, String, Int)])
    func headerAbuse_isRefusedAndTheConnectionClosed(_ name: String, _ request: String, _ status: Int) throws {
        let server = try Self.server.get()
        let connection = try RawConnection(port: server.port)
        connection.send(request + "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        let text = connection.receive()
        #expect(RawConnection.status(text) == status, "\(name): \(text.prefix(200))")
        // Nothing after the bad request is read as another request (no smuggling).
        #expect(text.components(separatedBy: "HTTP/1.1 ").count == 2, "\(name): \(text.prefix(400))")
    }
}
