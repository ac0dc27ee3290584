import Glibc
import Testing
@testable import HTTPServer

/// A one-connection server that answers whatever arrives with canned bytes, then closes.
final class CannedServer: Sendable {
    let fd: Int32
    let port: Int

    init() throws {
        fd = try Socket.listen(host: "127.0.0.1", port: 0)
        port = Socket.localPort(fd)
    }

    deinit { close(fd) }

    /// Accepts one connection, waits for a request head, writes `response`, then (optionally) closes.
    func answer(_ response: String, closeAfter: Bool = true) -> Background<Void> {
        let fd = self.fd
        return Background {
            var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            _ = poll(&entry, 1, 10_000)
            let client = accept(fd, nil, nil)
            guard client >= 0 else { return }
            var buffer = [UInt8](repeating: 0, count: 4096)
            var received: [UInt8] = []
            while !String(decoding: received, as: UTF8.self).contains("\r\n\r\n") {
                var readable = pollfd(fd: client, events: Int16(POLLIN), revents: 0)
                _ = poll(&readable, 1, 10_000)
                let n = recv(client, &buffer, buffer.count, 0)
                if n <= 0 { break }
                received += buffer[0..<n]
            }
            let bytes = Array(response.utf8)
            _ = bytes.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if closeAfter {
                close(client)
            } else {
                usleep(1_000_000)
                close(client)
            }
        }
    }
}

@Suite struct HTTPClientTests {
    @Test func refusedConnection_isAClearSystemError() throws {
        let listener = try Socket.listen(host: "127.0.0.1", port: 0)
        let port = Socket.localPort(listener)
        close(listener)
        let error = #expect(throws: SystemError.self) { try HTTPClient(port: port).send("GET", "/") }
        #expect(error?.description == "connect: Connection refused")
    }

    @Test func unknownHost_isAResolutionError() {
        #expect(throws: HostResolutionError.self) { try HTTPClient(host: "no-such-host.invalid", port: 80).send("GET", "/") }
    }

    @Test func hostName_isResolved() throws {
        let server = try startServer()
        defer { server.stop() }
        #expect(try HTTPClient(host: "localhost", port: server.port).send("GET", "/").text == "hello")
    }

    @Test func chunkedResponse_isDecoded() throws {
        let canned = try CannedServer()
        let done = canned.answer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n6\r\n world\r\n0\r\nT: 1\r\n\r\n")
        let response = try HTTPClient(port: canned.port).send("GET", "/")
        done.value
        #expect(response.text == "hello world")
    }

    @Test func interimContinue_isSkipped() throws {
        let canned = try CannedServer()
        let done = canned.answer("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok")
        let response = try HTTPClient(port: canned.port).send("POST", "/", body: Array("x".utf8))
        done.value
        #expect(response.status == 201)
        #expect(response.text == "ok")
    }

    @Test func bodyWithoutLength_isReadUntilClose() throws {
        let canned = try CannedServer()
        let done = canned.answer("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end")
        let client = HTTPClient(port: canned.port)
        let response = try client.send("GET", "/")
        done.value
        #expect(response.text == "until the end")
        #expect(!client.isConnected)
    }

    @Test func silentServer_timesOut() throws {
        let canned = try CannedServer()
        let done = canned.answer("", closeAfter: false)
        let client = HTTPClient(port: canned.port, timeoutMs: 100)
        #expect(throws: SystemError(call: "recv", errno: ETIMEDOUT)) { try client.send("GET", "/") }
        done.value
    }

    @Test func expectContinueRejectedEarly_returnsTheRejection() throws {
        let server = try startServer(limits: .make { $0.maxBodyBytes = 4 })
        defer { server.stop() }
        let client = HTTPClient(port: server.port)
        let response = try client.send("PUT", "/", body: Array("too long".utf8), expectContinue: true)
        #expect(response.status == 413)
        #expect(try client.send("GET", "/").status == 200)
    }

    @Test func serverClosingAfterResponse_isHandledOnNextSend() throws {
        let server = try startServer { _ in Response(status: 200, headers: HTTPHeaders([("Connection", "close")])) }
        defer { server.stop() }
        let client = HTTPClient(port: server.port)
        #expect(try client.send("GET", "/").status == 200)
        #expect(!client.isConnected)
        #expect(try client.send("GET", "/").status == 200)
    }
}
