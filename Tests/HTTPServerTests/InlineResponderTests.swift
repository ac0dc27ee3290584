import Glibc
import Testing
@testable import HTTPServer

/// Requests the inline responder answers never reach a worker, so they are served even while
/// every worker is busy, and they keep their place among pipelined requests.
@Suite struct InlineResponderTests {
    /// Answers `/static/...` inline; nil for everything else.
    static let staticOnly: @Sendable (Request) -> Response? = { request in
        guard request.path.hasPrefix("/static/") else { return nil }
        return Response(status: 200, contentType: "text/plain", body: Array("inline \(request.path)".utf8))
    }

    @Test func inlineAnswers_doNotReachTheHandler() throws {
        let handled = Recorder<String>()
        let server = try startServer(handler: { request in
            handled.append(request.path)
            return Response(status: 200, contentType: "text/plain", body: Array("worker \(request.path)".utf8))
        }, inlineResponder: Self.staticOnly)
        defer { server.stop() }
        let client = HTTPClient(port: server.port)
        #expect(try client.send("GET", "/static/app.js").text == "inline /static/app.js")
        #expect(try client.send("GET", "/api/runs").text == "worker /api/runs")
        #expect(handled.all == ["/api/runs"])
    }

    @Test func inlineAnswers_areServedWhileEveryWorkerIsBusy() throws {
        let gate = Gate()
        let server = try startServer(workers: 1, handler: { _ in
            gate.wait()
            return Response(status: 200)
        }, inlineResponder: Self.staticOnly)
        defer { server.stop() }
        // The only worker blocks on the gate with this request.
        let blocked = try RawSocket(port: server.port)
        blocked.send("GET /api/slow HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(eventually { gate.arrivals == 1 })

        let response = try HTTPClient(port: server.port).send("GET", "/static/index.html")
        #expect(response.status == 200)
        #expect(response.text == "inline /static/index.html")
        gate.open()
        #expect(blocked.read(until: "\r\n\r\n").hasPrefix("HTTP/1.1 200 OK"))
    }

    @Test func pipelinedMix_isAnsweredInRequestOrder() throws {
        let server = try startServer(handler: echoHandler, inlineResponder: Self.staticOnly)
        defer { server.stop() }
        let socket = try RawSocket(port: server.port)
        socket.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /static/a HTTP/1.1\r\nHost: x\r\n\r\n"
            + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nbody"
            + "GET /static/b HTTP/1.1\r\nHost: x\r\n\r\n"
            + "GET /c HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let text = socket.readToEnd()
        let bodies = text.components(separatedBy: "HTTP/1.1 200 OK").dropFirst().map { $0.components(separatedBy: "\r\n\r\n").last! }
        #expect(bodies == ["/slow", "inline /static/a", "body", "inline /static/b", "/c"])
    }

    @Test func inlineAnswerToHead_hasNoBody_andIsLogged() throws {
        let entries = Recorder<AccessLogEntry>()
        let server = try startServer(accessLog: { entries.append($0) }, inlineResponder: Self.staticOnly)
        defer { server.stop() }
        let socket = try RawSocket(port: server.port)
        socket.send("HEAD /static/x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let text = socket.readToEnd()
        #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(text.contains("Content-Length: 16\r\n"))
        #expect(text.hasSuffix("\r\n\r\n"))
        #expect(eventually { entries.all.count == 1 })
        let entry = try #require(entries.all.first)
        #expect(entry.method == "HEAD" && entry.path == "/static/x" && entry.status == 200 && entry.bytes == 0)
    }
}
