import Foundation
import Testing

/// HTTP-level behaviour of the real binary: limits, smuggling shapes, slow clients.
@Suite struct ProtocolTests {
    static let server = Result {
        try ServerProcess(arguments: ["--max-header-bytes", "4096", "--max-body-bytes", "100000", "--header-timeout", "1s"])
    }

    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let request: String
        let status: Int
        var testDescription: String { name }
    }

    static let post = "POST /api/v1/projects/p/runs/r/results HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer test-root-token\r\nContent-Type: application/json\r\n"

    static let cases: [Case] = [
        Case(name: "Content-Length and Transfer-Encoding", request: post + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", status: 400),
        Case(name: "conflicting Content-Lengths", request: post + "Content-Length: 5\r\nContent-Length: 6\r\n\r\n{}", status: 400),
        Case(name: "bad chunk size", request: post + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n", status: 400),
        Case(name: "obs-fold", request: "GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\r\n  folded\r\n\r\n", status: 400),
        Case(name: "space before colon", request: "GET /healthz HTTP/1.1\r\nHost : x\r\n\r\n", status: 400),
        Case(name: "missing Host", request: "GET /healthz HTTP/1.1\r\n\r\n", status: 400),
        Case(name: "header too large", request: "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "a", count: 5000))\r\n\r\n", status: 431),
        Case(name: "body too large", request: post + "Content-Length: 200000\r\n\r\n", status: 413),
        Case(name: "POST without length", request: post + "\r\n", status: 411),
        Case(name: "unknown content encoding", request: post + "Content-Encoding: br\r\nContent-Length: 2\r\n\r\n{}", status: 415),
    ]

    @Test(arguments: cases)
    func hostileRequest_isRefused(_ c: Case) throws {
        let server = try Self.server.get()
        let connection = try RawConnection(port: server.port)
        connection.send(c.request)
        let response = connection.receive(until: "}")
        #expect(RawConnection.status(response) == c.status, "\(response.prefix(300))")
        #expect(response.contains(#"{"error":{"code":"#), "\(response.prefix(300))")
        #expect(try APIClient(server).get("/api/v1/projects/p/runs/r").status == 404)
    }

    @Test func pipelinedRequests_areAnsweredInOrder() throws {
        let server = try Self.server.get()
        let connection = try RawConnection(port: server.port)
        connection.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /api/v1/projects/x/runs/none HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let text = connection.receive()
        let statuses = text.components(separatedBy: "HTTP/1.1 ").dropFirst().map { $0.prefix(3) }
        #expect(statuses == ["200", "404", "200"])
    }

    @Test func halfHeaderConnections_doNotStopOthers_andAreClosedAfterTheHeaderTimeout() throws {
        let server = try Self.server.get()
        let idle = try (0..<500).map { _ in try RawConnection(port: server.port) }
        for connection in idle { connection.send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ") }
        let api = APIClient(server)
        for _ in 0..<20 { #expect(try api.get("/healthz").status == 200) }
        // After the 1 s header timeout every one of them is answered 408 or closed.
        Thread.sleep(forTimeInterval: 2.5)
        var closed = 0
        for connection in idle {
            let text = connection.receive()
            if RawConnection.status(text) == 408 || text.isEmpty { closed += 1 }
        }
        #expect(closed == 500)
    }

    @Test func gzipBody_isInflated() throws {
        let server = try Self.server.get()
        let api = APIClient(server)
        let body = Array(#"{"worker": "gz", "results": [{"test": "gz::t", "status": "passed"}]}"#.utf8)
        let reply = try api.send("POST", "/api/v1/projects/gz/runs/r/results", body: body, gzip: true)
        #expect(reply.status == 201, "\(reply.text)")
        #expect(reply.json["accepted"] == 1)
    }

    @Test func head_hasHeadersButNoBody() throws {
        let server = try Self.server.get()
        let connection = try RawConnection(port: server.port)
        connection.send("HEAD /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let text = connection.receive()
        #expect(text.hasPrefix("HTTP/1.1 200"))
        #expect(text.hasSuffix("\r\n\r\n"))
    }
}
