import Glibc
import Testing
@testable import HTTPServer

@Suite struct ServerTests {
    @Test func getRequest_isAnswered() throws {
        let server = try startServer()
        defer { server.stop() }
        let response = try HTTPClient(port: server.port).send("GET", "/")
        #expect(response.status == 200)
        #expect(response.text == "hello")
        #expect(response.headers["Content-Length"] == "5")
        #expect(response.headers["Date"] != nil)
        #expect(response.headers["Connection"] == "keep-alive")
    }

    @Test func keepAlive_reusesOneConnection() throws {
        let remotes = Recorder<String>()
        let server = try startServer { request in
            remotes.append(request.remoteAddress)
            return Response(status: 200)
        }
        defer { server.stop() }
        let client = HTTPClient(port: server.port)
        for _ in 0..<5 { #expect(try client.send("GET", "/").status == 200) }
        #expect(Set(remotes.all).count == 1)
        #expect(remotes.all[0].hasPrefix("127.0.0.1:"))
    }

    @Test func pipelinedRequests_areAnsweredInOrder() throws {
        let server = try startServer(handler: echoHandler)
        defer { server.stop() }
        let socket = try RawSocket(port: server.port)
        socket.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /a HTTP/1.1\r\nHost: x\r\n\r\n"
            + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nbody"
            + "GET /b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let text = socket.readToEnd()
        let bodies = text.components(separatedBy: "HTTP/1.1 200 OK").dropFirst().map { $0.components(separatedBy: "\r\n\r\n").last! }
        #expect(bodies == ["/slow", "/a", "body", "/b"])
    }

    @Test func requestsAfterConnectionClose_areNotProcessed() throws {
        let seen = Recorder<String>()
        let server = try startServer { request in
            seen.append(request.path)
            return Response(status: 200)
        }
        defer { server.stop() }
        let socket = try RawSocket(port: server.port)
        socket.send("GET /first HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\nGET /second HTTP/1.1\r\nHost: x\r\n\r\n")
        let text = socket.readToEnd()
        #expect(text.components(separatedBy: "HTTP/1.1 ").count == 2)
        #expect(text.contains("Connection: close"))
        #expect(seen.all == ["/first"])
    }

    @Test func head_getsGetHeadersWithoutBody() throws {
        let server = try startServer()
        defer { server.stop() }
        let client = HTTPClient(port: server.port)
        let head = try client.send("HEAD", "/")
        #expect(head.status == 200)
        #expect(head.headers["Content-Length"] == "5")
        #expect(head.body.isEmpty)
        // The connection is still in sync: no stray body bytes were sent.
        #expect(try client.send("GET", "/").text == "hello")
    }

    @Test func http10Request_isAnsweredAndClosed() throws {
        let server = try startServer()
        defer { server.stop() }
        let socket = try RawSocket(port: server.port)
        socket.send("GET / HTTP/1.0\r\n\r\n")
        let text = socket.readToEnd()
        #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(text.contains("Connection: close\r\n"))
        #expect(text.hasSuffix("hello"))
    }

    @Test func chunkedUpload_reachesTheHandlerDecoded() throws {
        let server = try startServer(handler: echoHandler)
        defer { server.stop() }
        let socket = try RawSocket(port: server.port)
        socket.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n")
        socket.send("1;ext=1\r\n \r\n5\r\nworld\r\n0\r\nTrailer: x\r\n\r\n")
        #expect(socket.read(until: "hello world").hasSuffix("\r\n\r\nhello world"))
    }

    @Test func bodyOverSpoolThreshold_arrivesAsFileAndIsDeletedAfterwards() throws {
        let spool = try TemporaryDirectory()
        let payload = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let sawFile = Recorder<Bool>()
        let server = try startServer(limits: .make { $0.spoolThreshold = 64 * 1024 }, spoolDirectory: spool.path) { request in
            if case .file(let file) = request.body { sawFile.append(file.path.hasPrefix(spool.path) && file.length == request.body.count) }
            return Response(status: 200, body: (try? request.body.readAll()) ?? [])
        }
        defer { server.stop() }
        let client = HTTPClient(port: server.port)
        let response = try client.send("POST", "/upload", body: payload)
        #expect(response.body == payload)
        #expect(sawFile.all == [true])
        #expect(spool.entries().isEmpty)
        let small = try client.send("POST", "/upload", body: Array("small".utf8))
        #expect(small.text == "small")
        #expect(sawFile.all == [true])
    }

    @Test func expectContinue_gets100BeforeTheBody() throws {
        let server = try startServer(handler: echoHandler)
        defer { server.stop() }
        let socket = try RawSocket(port: server.port)
        socket.send("PUT /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
        #expect(socket.read(until: "\r\n\r\n") == "HTTP/1.1 100 Continue\r\n\r\n")
        socket.send("12345")
        #expect(socket.read(until: "12345").hasPrefix("HTTP/1.1 200 OK"))
        let client = HTTPClient(port: server.port)
        #expect(try client.send("PUT", "/echo", body: Array("via client".utf8), expectContinue: true).text == "via client")
    }

    @Test func expectContinueWithBodyOverLimit_gets413Without100() throws {
        let server = try startServer(limits: .make { $0.maxBodyBytes = 10 })
        defer { server.stop() }
        let socket = try RawSocket(port: server.port)
        socket.send("PUT /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\nExpect: 100-continue\r\n\r\n")
        let text = socket.readToEnd()
        #expect(text.hasPrefix("HTTP/1.1 413 Content Too Large\r\n"))
        #expect(!text.contains("100 Continue"))
        #expect(text.contains(#""code": "body_too_large""#))
    }

    @Test func gzipUpload_isInflatedForTheHandler() throws {
        let server = try startServer(handler: echoHandler)
        defer { server.stop() }
        let text = String(repeating: "<testsuite/>", count: 1000)
        let response = try HTTPClient(port: server.port).send("POST", "/echo", body: Array(text.utf8), gzip: true)
        #expect(response.text == text)
    }

    @Test func malformedRequest_getsJSONErrorAndClose() throws {
        let server = try startServer()
        defer { server.stop() }
        let socket = try RawSocket(port: server.port)
        socket.send("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
        let text = socket.readToEnd()
        #expect(text.hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
        #expect(text.contains("Content-Type: application/json\r\n"))
        #expect(text.contains("Connection: close\r\n"))
        #expect(text.contains(#"{"error": {"code": "smuggling_rejected", "message": "#))
    }

    @Test func errorAfterPipelinedRequests_comesAfterTheirResponses() throws {
        let server = try startServer(handler: echoHandler)
        defer { server.stop() }
        let socket = try RawSocket(port: server.port)
        socket.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\n\r\n")
        let text = socket.readToEnd()
        #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(text.contains("/slowHTTP/1.1 400 Bad Request\r\n"))
    }

    @Test func errorResponseHook_shapesServerErrors() throws {
        let seen = Recorder<HTTPError>()
        let server = try startServer(errorResponse: { error in
            seen.append(error)
            return Response(status: error.status, contentType: "text/plain", body: Array("custom \(error.code)".utf8))
        })
        defer { server.stop() }
        let socket = try RawSocket(port: server.port)
        socket.send("POST / HTTP/1.1\r\nHost: x\r\n\r\n")
        let text = socket.readToEnd()
        #expect(text.hasPrefix("HTTP/1.1 411 Length Required\r\n"))
        #expect(text.hasSuffix("custom length_required"))
        #expect(seen.all == [.lengthRequired(method: "POST")])
    }

    @Test func responseHeaderWithCRLF_neverReachesTheWire() throws {
        let server = try startServer { _ in
            var response = Response(status: 200, body: Array("ok".utf8))
            response.headers.add("X-Evil", "a\r\nSet-Cookie: owned=1")
            response.headers.add("X-Fine", "yes")
            return response
        }
        defer { server.stop() }
        let response = try HTTPClient(port: server.port).send("GET", "/")
        #expect(response.headers["Set-Cookie"] == nil)
        #expect(response.headers["X-Evil"] == nil)
        #expect(response.headers["X-Fine"] == "yes")
        #expect(response.text == "ok")
    }

    @Test func handlerAskingToClose_closesTheConnection() throws {
        let server = try startServer { _ in Response(status: 200, headers: HTTPHeaders([("Connection", "close")])) }
        defer { server.stop() }
        let socket = try RawSocket(port: server.port)
        socket.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(socket.readToEnd().contains("Connection: close\r\n"))
    }

    @Test func accessLog_recordsRequestsWithoutHeaders() throws {
        let entries = Recorder<AccessLogEntry>()
        let server = try startServer(accessLog: { entries.append($0) })
        defer { server.stop() }
        let client = HTTPClient(port: server.port)
        _ = try client.send("GET", "/api/v1/projects?token=secret", headers: HTTPHeaders([("Authorization", "Bearer secret")]))
        _ = try client.send("HEAD", "/")
        #expect(eventually { entries.all.count == 2 })
        let first = entries.all[0]
        #expect(first.method == "GET")
        #expect(first.path == "/api/v1/projects")
        #expect(first.status == 200)
        #expect(first.bytes == 5)
        #expect(first.remoteAddress.hasPrefix("127.0.0.1:"))
        #expect(!"\(first)".contains("secret"))
        #expect(entries.all[1].bytes == 0)
    }

    @Test func portInUse_throwsBindError() throws {
        let server = try startServer()
        defer { server.stop() }
        let second = Server(configuration: ServerConfiguration(host: "127.0.0.1", port: server.port)) { _ in Response(status: 200) }
        #expect(throws: SystemError(call: "bind", errno: EADDRINUSE)) { try second.start() }
        #expect("\(SystemError(call: "bind", errno: EADDRINUSE))" == "bind: Address already in use")
    }

    @Test func severalEventLoops_serveConcurrentClients() throws {
        let server = try startServer(workers: 8, loops: 3)
        defer { server.stop() }
        let port = server.port
        let clients = (0..<12).map { _ in
            Background { () -> Bool in
                let client = HTTPClient(port: port)
                return (0..<20).allSatisfy { _ in (try? client.send("GET", "/").status) == 200 }
            }
        }
        #expect(clients.allSatisfy { $0.value })
    }

    @Test func blockedHandler_doesNotStallOtherConnections() throws {
        let gate = Gate()
        let server = try startServer(workers: 2) { request in
            if request.path == "/block" { gate.wait() }
            return Response(status: 200)
        }
        defer { server.stop() }
        let port = server.port
        let blocked = Background { try? HTTPClient(port: port).send("GET", "/block").status }
        #expect(eventually { gate.arrivals == 1 })
        let client = HTTPClient(port: port)
        for _ in 0..<10 { #expect(try client.send("GET", "/").status == 200) }
        gate.open()
        #expect(blocked.value == 200)
    }

    @Test func clientHalfClose_stillGetsItsResponse() throws {
        let server = try startServer()
        defer { server.stop() }
        let socket = try RawSocket(port: server.port)
        socket.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        shutdown(socket.fd, Int32(SHUT_WR))
        let text = socket.readToEnd()
        #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(text.hasSuffix("hello"))
    }

    @Test func clientVanishingMidUpload_leavesNoSpoolFile() throws {
        let spool = try TemporaryDirectory()
        let server = try startServer(limits: .make { $0.spoolThreshold = 1024 }, spoolDirectory: spool.path)
        defer { server.stop() }
        do {
            let socket = try RawSocket(port: server.port)
            socket.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n")
            socket.send([UInt8](repeating: 7, count: 50_000))
            #expect(eventually { !spool.entries().isEmpty })
        }
        #expect(eventually { spool.entries().isEmpty && server.openConnections == 0 })
    }

    @Test func largeResponse_isWrittenCompletelyAcrossPartialWrites() throws {
        let big = [UInt8](repeating: UInt8(ascii: "v"), count: 6_000_000) + Array("end".utf8)
        let server = try startServer { _ in Response(status: 200, body: big) }
        defer { server.stop() }
        let client = HTTPClient(port: server.port)
        for _ in 0..<2 { #expect(try client.send("GET", "/").body == big) }
    }
}
