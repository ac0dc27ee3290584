import Testing
@testable import HTTPServer

@Suite struct RequestParserTests {
    @Test func simpleGet_yieldsHeadAndEnd() throws {
        let requests = try RequestParser.parseAll("GET /api/v1/projects?limit=5 HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n")
        #expect(requests.count == 1)
        let head = requests[0].head
        #expect(head.method == "GET")
        #expect(head.target == "/api/v1/projects?limit=5")
        #expect(head.version == .http11)
        #expect(head.headers["accept"] == "*/*")
        #expect(head.keepAlive)
        #expect(head.framing == .none)
        #expect(requests[0].body.isEmpty)
    }

    @Test func incompleteHead_needsMoreBytes() throws {
        var parser = RequestParser()
        parser.append(Array("GET / HTTP/1.1\r\nHost: x\r\n".utf8))
        #expect(try parser.next() == nil)
        parser.append(Array("\r\n".utf8))
        guard case .head = try parser.next() else { Issue.record("expected head"); return }
        #expect(try parser.next() == .end)
    }

    @Test func bytesFedOneAtATime_parseTheSame() throws {
        let text = "POST /r HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\nGET /next HTTP/1.1\r\nHost: x\r\n\r\n"
        var feeder = ParserFeeder()
        var requests: [ParsedRequest] = []
        for byte in text.utf8 { requests += try feeder.feed([byte]) }
        #expect(requests.map(\.head.target) == ["/r", "/next"])
        #expect(requests[0].text == "abc")
    }

    @Test func pipelinedRequests_areAllParsedInOrder() throws {
        let text = "GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
            + "POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
            + "GET /c HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        let requests = try RequestParser.parseAll(text)
        #expect(requests.map(\.head.target) == ["/a", "/b", "/c"])
        #expect(requests[1].text == "hello")
        #expect(requests.map(\.head.keepAlive) == [true, true, false])
    }

    @Test func http10_closesUnlessKeepAliveAsked() throws {
        let plain = try RequestParser.parseAll("GET / HTTP/1.0\r\n\r\n")
        #expect(plain[0].head.version == .http10)
        #expect(!plain[0].head.keepAlive)
        let kept = try RequestParser.parseAll("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n")
        #expect(kept[0].head.keepAlive)
    }

    @Test func emptyLinesBeforeRequestLine_areIgnored() throws {
        let requests = try RequestParser.parseAll("\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(requests.count == 1)
    }

    @Test func absoluteFormTarget_isReducedToOriginForm() throws {
        let requests = try RequestParser.parseAll("GET http://example.com:8080/api?q=1 HTTP/1.1\r\nHost: example.com\r\n\r\n")
        #expect(requests[0].head.target == "/api?q=1")
    }

    @Test func headerValue_isTrimmedOfOptionalWhitespace() throws {
        let requests = try RequestParser.parseAll("GET / HTTP/1.1\r\nHost: x\r\nX-Thing: \t a b \t\r\n\r\n")
        #expect(requests[0].head.headers["X-Thing"] == "a b")
    }

    @Test(arguments: [
        ("GET  / HTTP/1.1\r\nHost: x\r\n\r\n", HTTPError.BadRequestReason.invalidRequestLine),
        ("GET / HTTP/1.1 \r\nHost: x\r\n\r\n", .invalidRequestLine),
        ("GET /\r\nHost: x\r\n\r\n", .invalidRequestLine),
        ("G(T / HTTP/1.1\r\nHost: x\r\n\r\n", .invalidMethod),
        ("GET /a\u{7F}b HTTP/1.1\r\nHost: x\r\n\r\n", .invalidTarget),
        ("GET relative HTTP/1.1\r\nHost: x\r\n\r\n", .invalidTarget),
        ("GET / http/1.1\r\nHost: x\r\n\r\n", .invalidRequestLine),
        ("GET / HTTP/1.1\r\nHost : x\r\n\r\n", .whitespaceBeforeColon),
        ("GET / HTTP/1.1\r\nHost\t: x\r\n\r\n", .whitespaceBeforeColon),
        ("GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n  continued\r\n\r\n", .obsoleteLineFolding),
        ("GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n\tcontinued\r\n\r\n", .obsoleteLineFolding),
        ("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n", .invalidHeaderValue),
        ("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\u{1}b\r\n\r\n", .invalidHeaderValue),
        ("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n", .bareCarriageReturn),
        ("GET / HTTP/1.1\r\nHost: x\r\nNo-Colon\r\n\r\n", .invalidHeaderName),
        ("GET / HTTP/1.1\r\nHost: x\r\n: empty-name\r\n\r\n", .invalidHeaderName),
        ("GET / HTTP/1.1\r\nHost: x\r\nBad@Name: 1\r\n\r\n", .invalidHeaderName),
        ("GET / HTTP/1.1\r\n\r\n", .missingHost),
        ("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", .multipleHosts),
    ])
    func malformedHead_isRejectedWithItsReason(text: String, reason: HTTPError.BadRequestReason) {
        let error = RequestParser.error(text)
        #expect(error == .badRequest(reason))
        #expect(error?.status == 400)
    }

    @Test func bareLF_isRejected() {
        #expect(RequestParser.error("GET / HTTP/1.1\nHost: x\n\n") == .badRequest(.bareLineFeed))
        #expect(RequestParser.error("GET / HTTP/1.1\r\nHost: x\n\r\n") == .badRequest(.bareLineFeed))
    }

    @Test func http10WithoutHost_isAccepted() throws {
        #expect(try RequestParser.parseAll("GET / HTTP/1.0\r\n\r\n").count == 1)
    }

    @Test func unknownHTTPVersion_is505() {
        let error = RequestParser.error("GET / HTTP/2.0\r\nHost: x\r\n\r\n")
        #expect(error == .unsupportedVersion("HTTP/2.0"))
        #expect(error?.status == 505)
    }

    @Test func headBeyondHeaderBytes_is431() {
        let limits = Limits.make { $0.maxHeaderBytes = 64 }
        let error = RequestParser.error("GET / HTTP/1.1\r\nHost: x\r\nX-Long: \(String(repeating: "a", count: 100))\r\n\r\n", limits: limits)
        #expect(error == .headerTooLarge(limit: 64))
        #expect(error?.status == 431)
    }

    @Test func headerBytesLimit_isEnforcedBeforeTheHeadEnds() throws {
        var parser = RequestParser(limits: .make { $0.maxHeaderBytes = 64 })
        parser.append(Array("GET / HTTP/1.1\r\nX: \(String(repeating: "a", count: 100))".utf8))
        #expect(throws: HTTPError.headerTooLarge(limit: 64)) { try parser.next() }
    }

    @Test func headExactlyAtHeaderBytes_isAccepted() throws {
        let text = "GET / HTTP/1.1\r\nHost: x\r\n\r\n"
        let limits = Limits.make { $0.maxHeaderBytes = text.utf8.count }
        #expect(try RequestParser.parseAll(text, limits: limits).count == 1)
    }

    @Test func moreFieldsThanHeaderCount_is431() {
        let limits = Limits.make { $0.maxHeaderCount = 3 }
        let fields = (0..<4).map { "X-\($0): v\r\n" }.joined()
        let error = RequestParser.error("GET / HTTP/1.1\r\nHost: x\r\n\(fields)\r\n", limits: limits)
        #expect(error == .tooManyHeaders(limit: 3))
        #expect(error?.status == 431)
        #expect(error?.code == "header_too_large")
    }

    @Test func errorPoisonsParser_laterBytesDoNotResumeParsing() {
        var parser = RequestParser()
        parser.append(Array("GET / HTTP/1.1\r\nHost : x\r\n\r\n".utf8))
        #expect(throws: HTTPError.badRequest(.whitespaceBeforeColon)) { try parser.next() }
        parser.append(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        #expect(throws: HTTPError.badRequest(.whitespaceBeforeColon)) { try parser.next() }
    }

    @Test func obsTextInValue_isAcceptedAsText() throws {
        var bytes = Array("GET / HTTP/1.1\r\nHost: x\r\nX-Name: caf".utf8)
        bytes += [0xC3, 0xA9]
        bytes += Array("\r\n\r\n".utf8)
        let requests = try RequestParser.parseAll(bytes)
        #expect(requests[0].head.headers["X-Name"] == "café")
    }
}
