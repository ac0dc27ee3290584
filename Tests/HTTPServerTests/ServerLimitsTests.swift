import Glibc
import Testing
@testable import HTTPServer

@Suite struct ServerLimitsTests {
    @Test func halfHeaderConnections_doNotBlockOthers_andGet408AfterHeaderTimeout() throws {
        let server = try startServer(limits: .make { $0.headerTimeoutMs = 500 })
        defer { server.stop() }
        let slow = try (0..<500).map { _ in try RawSocket(port: server.port) }
        for socket in slow { socket.send("GET / HTTP/1.1\r\nHost: x\r\nX-Half: ") }
        let client = HTTPClient(port: server.port)
        #expect(try client.send("GET", "/").text == "hello")
        for socket in slow {
            let text = socket.readToEnd()
            #expect(text.hasPrefix("HTTP/1.1 408 Request Timeout\r\n"))
            #expect(text.contains(#""code": "request_timeout""#))
        }
        #expect(eventually { server.openConnections <= 1 })
    }

    @Test func silentConnection_isClosedAfterHeaderTimeoutWithoutResponse() throws {
        let server = try startServer(limits: .make { $0.headerTimeoutMs = 200 })
        defer { server.stop() }
        let socket = try RawSocket(port: server.port)
        #expect(socket.readToEnd() == "")
    }

    @Test func idleKeepAliveConnection_isClosedSilently() throws {
        let server = try startServer(limits: .make { $0.idleTimeoutMs = 200 })
        defer { server.stop() }
        let socket = try RawSocket(port: server.port)
        socket.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        let text = socket.readToEnd()
        #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(text.hasSuffix("hello"))
    }

    @Test func clientReusingAClosedIdleConnection_reconnects() throws {
        let server = try startServer(limits: .make { $0.idleTimeoutMs = 100 })
        defer { server.stop() }
        let client = HTTPClient(port: server.port)
        #expect(try client.send("GET", "/").status == 200)
        #expect(eventually { server.openConnections == 0 })
        #expect(try client.send("GET", "/").status == 200)
    }

    @Test func stalledBody_gets408AfterBodyTimeout() throws {
        let server = try startServer(limits: .make { $0.bodyTimeoutMs = 200 })
        defer { server.stop() }
        let socket = try RawSocket(port: server.port)
        socket.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc")
        let text = socket.readToEnd()
        #expect(text.hasPrefix("HTTP/1.1 408 Request Timeout\r\n"))
        #expect(text.contains("body not received"))
    }

    @Test func headerOverLimit_gets431AndClose() throws {
        let server = try startServer(limits: .make { $0.maxHeaderBytes = 256 })
        defer { server.stop() }
        let socket = try RawSocket(port: server.port)
        socket.send("GET / HTTP/1.1\r\nHost: x\r\nCookie: \(String(repeating: "c", count: 1000))\r\n\r\n")
        let text = socket.readToEnd()
        #expect(text.hasPrefix("HTTP/1.1 431 Request Header Fields Too Large\r\n"))
        #expect(text.contains("Connection: close"))
    }

    @Test func streamedBodyOverLimit_gets413() throws {
        let server = try startServer(limits: .make { $0.maxBodyBytes = 1000 })
        defer { server.stop() }
        let socket = try RawSocket(port: server.port)
        socket.send("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
        for _ in 0..<5 { socket.send("100\r\n\(String(repeating: "z", count: 256))\r\n") }
        #expect(socket.readToEnd().hasPrefix("HTTP/1.1 413 Content Too Large\r\n"))
    }

    @Test func connectionsBeyondMaxConnections_get503() throws {
        let server = try startServer(limits: .make { $0.maxConnections = 2 })
        defer { server.stop() }
        let first = HTTPClient(port: server.port)
        let second = HTTPClient(port: server.port)
        #expect(try first.send("GET", "/").status == 200)
        #expect(try second.send("GET", "/").status == 200)
        let third = try RawSocket(port: server.port)
        third.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        let text = third.readToEnd()
        #expect(text.hasPrefix("HTTP/1.1 503 Service Unavailable\r\n"))
        #expect(text.contains(#""code": "overloaded""#))
        #expect(server.openConnections == 2)
        first.close()
        #expect(eventually { server.openConnections == 1 })
        #expect(try HTTPClient(port: server.port).send("GET", "/").status == 200)
    }

    @Test func fullRequestQueue_gets503WithRetryAfter() throws {
        let gate = Gate()
        let server = try startServer(limits: .make { $0.maxQueuedRequests = 1 }, workers: 1) { request in
            if request.path == "/block" { gate.wait() }
            return Response(status: 200)
        }
        defer { server.stop() }
        let port = server.port
        let running = Background { try? HTTPClient(port: port).send("GET", "/block").status }
        #expect(eventually { gate.arrivals == 1 })
        let queued = Background { try? HTTPClient(port: port).send("GET", "/block").status }
        #expect(eventually { server.queuedRequests == 1 })
        let rejected = try HTTPClient(port: port).send("GET", "/other")
        #expect(rejected.status == 503)
        #expect(rejected.headers["Retry-After"] == "1")
        #expect(rejected.text.contains(#""code": "overloaded""#))
        gate.open()
        #expect(running.value == 200)
        #expect(queued.value == 200)
    }

    @Test func gracefulShutdown_finishesInFlightRequestAndClosesIdleConnections() throws {
        let gate = Gate()
        let server = try startServer { request in
            if request.path == "/slow" { gate.wait() }
            return Response(status: 200, body: Array("done".utf8))
        }
        let port = server.port
        let idle = try RawSocket(port: port)
        idle.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(idle.read(until: "done").hasSuffix("done"))
        let inFlight = Background { () -> ClientResponse? in try? HTTPClient(port: port).send("GET", "/slow") }
        #expect(eventually { gate.arrivals == 1 })

        server.shutdown()
        #expect(idle.isClosedByPeer())
        gate.open()
        let response = inFlight.value
        #expect(response?.status == 200)
        #expect(response?.text == "done")
        #expect(response?.headers["Connection"] == "close")
        server.wait()
        #expect(throws: SystemError(call: "connect", errno: ECONNREFUSED)) { try HTTPClient(port: port).send("GET", "/") }
    }

    @Test func waitWithoutStart_returnsAtOnce() {
        let server = Server(configuration: ServerConfiguration(port: 0)) { _ in Response(status: 200) }
        server.shutdown()
        server.wait()
    }
}
