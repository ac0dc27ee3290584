import Testing
@testable import HTTPServer

@Suite struct RequestParserBodyTests {
    let host = "Host: x\r\n"

    @Test func contentLengthBody_isDelivered() throws {
        let requests = try RequestParser.parseAll("PUT /r HTTP/1.1\r\n\(host)Content-Length: 11\r\n\r\nhello world")
        #expect(requests[0].head.framing == .contentLength(11))
        #expect(requests[0].text == "hello world")
    }

    @Test func identicalRepeatedContentLengths_areAccepted() throws {
        let requests = try RequestParser.parseAll("POST / HTTP/1.1\r\n\(host)Content-Length: 3, 3\r\nContent-Length: 3\r\n\r\nabc")
        #expect(requests[0].text == "abc")
    }

    @Test func differingContentLengths_areRejectedAsSmuggling() {
        let error = RequestParser.error("POST / HTTP/1.1\r\n\(host)Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd")
        #expect(error == .smugglingRejected(.conflictingContentLengths))
        #expect(error?.code == "smuggling_rejected")
        #expect(RequestParser.error("POST / HTTP/1.1\r\n\(host)Content-Length: 3, 4\r\n\r\nabcd") == .smugglingRejected(.conflictingContentLengths))
    }

    @Test(arguments: ["-1", "+3", "3a", "0x3", "", "3 4", "1.0"])
    func nonDigitContentLength_isRejected(value: String) {
        #expect(RequestParser.error("POST / HTTP/1.1\r\n\(host)Content-Length: \(value)\r\n\r\nabc") == .badRequest(.invalidContentLength))
    }

    @Test func contentLengthWithTransferEncoding_isRejectedAsSmuggling() {
        let text = "POST / HTTP/1.1\r\n\(host)Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
        #expect(RequestParser.error(text) == .smugglingRejected(.contentLengthWithTransferEncoding))
        let reversed = "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n"
        #expect(RequestParser.error(reversed) == .smugglingRejected(.contentLengthWithTransferEncoding))
    }

    @Test func transferEncodingNotEndingInChunked_isRejected() {
        let error = RequestParser.error("POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked, gzip\r\n\r\n")
        #expect(error == .smugglingRejected(.chunkedNotFinal))
        #expect(error?.status == 400)
        #expect(RequestParser.error("POST / HTTP/1.1\r\n\(host)Transfer-Encoding: identity\r\n\r\n") == .smugglingRejected(.chunkedNotFinal))
    }

    @Test func chunkedAppliedTwice_isRejected() {
        #expect(RequestParser.error("POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n")
            == .smugglingRejected(.repeatedChunked))
    }

    @Test func unknownTransferCodingBeforeChunked_is501() {
        let error = RequestParser.error("POST / HTTP/1.1\r\n\(host)Transfer-Encoding: gzip, chunked\r\n\r\n")
        #expect(error == .unsupportedTransferEncoding("gzip"))
        #expect(error?.status == 501)
    }

    @Test func transferEncodingInHTTP10_isRejected() {
        #expect(RequestParser.error("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n") == .badRequest(.transferEncodingInHTTP10))
    }

    @Test func postWithoutLength_is411() {
        let error = RequestParser.error("POST / HTTP/1.1\r\n\(host)\r\n")
        #expect(error == .lengthRequired(method: "POST"))
        #expect(error?.status == 411)
        #expect(RequestParser.error("PUT / HTTP/1.1\r\n\(host)\r\n") == .lengthRequired(method: "PUT"))
    }

    @Test func getWithoutLength_hasNoBody() throws {
        #expect(try RequestParser.parseAll("GET / HTTP/1.1\r\n\(host)\r\n")[0].head.hasBody == false)
    }

    @Test func chunkedBody_isDecoded() throws {
        let text = "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: Chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"
        let requests = try RequestParser.parseAll(text)
        #expect(requests[0].head.framing == .chunked)
        #expect(requests[0].text == "hello world")
    }

    @Test func chunkExtensionsAndTrailers_areToleratedAndDropped() throws {
        let text = "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n"
            + "5;name=value\r\nhello\r\nA ; x=\"q\"\r\n0123456789\r\n0\r\nX-Checksum: abc\r\n\r\nGET /after HTTP/1.1\r\n\(host)\r\n"
        let requests = try RequestParser.parseAll(text)
        #expect(requests[0].text == "hello0123456789")
        #expect(requests[0].head.headers["X-Checksum"] == nil)
        #expect(requests[1].head.target == "/after")
    }

    @Test(arguments: ["-5", "+5", "0x5", " 5", "5 x", "g", "", "5\0"])
    func chunkedBodyWithBadSize_isRejected(size: String) {
        let text = "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n\(size)\r\nhello\r\n0\r\n\r\n"
        #expect(RequestParser.error(text) == .badRequest(.invalidChunkSize))
    }

    @Test func overflowingChunkSize_isRejected() {
        let text = "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n10000000000000000\r\nx\r\n"
        #expect(RequestParser.error(text) == .badRequest(.chunkSizeOverflow))
    }

    @Test func chunkSizeWithLeadingZeros_isAccepted() throws {
        let text = "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n00000000000000000003\r\nabc\r\n0\r\n\r\n"
        #expect(try RequestParser.parseAll(text)[0].text == "abc")
    }

    @Test func chunkDataLongerThanItsSize_isRejected() {
        let text = "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n3\r\nabcd\r\n0\r\n\r\n"
        #expect(RequestParser.error(text) == .badRequest(.invalidChunkFraming))
    }

    @Test func chunkSizeLineWithBareLF_isRejected() {
        let text = "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n3\nabc\r\n0\r\n\r\n"
        #expect(RequestParser.error(text) == .badRequest(.bareLineFeed))
    }

    @Test func bodyOverLimitByContentLength_isRejectedFromTheHead() throws {
        var parser = RequestParser(limits: .make { $0.maxBodyBytes = 10 })
        parser.append(Array("POST / HTTP/1.1\r\n\(host)Content-Length: 11\r\nExpect: 100-continue\r\n\r\n".utf8))
        #expect(throws: HTTPError.bodyTooLarge(limit: 10, declared: 11)) { try parser.next() }
    }

    @Test func hugeContentLength_isTooLargeNotAnOverflow() {
        let error = RequestParser.error("POST / HTTP/1.1\r\n\(host)Content-Length: 99999999999999999999999\r\n\r\n")
        #expect(error == .bodyTooLarge(limit: Limits().maxBodyBytes, declared: Int.max))
        #expect(error?.status == 413)
    }

    @Test func bodyAtLimit_isAccepted() throws {
        let limits = Limits.make { $0.maxBodyBytes = 5 }
        #expect(try RequestParser.parseAll("POST / HTTP/1.1\r\n\(host)Content-Length: 5\r\n\r\nhello", limits: limits)[0].text == "hello")
    }

    @Test func chunkedBodyOverLimit_is413() {
        let limits = Limits.make { $0.maxBodyBytes = 8 }
        let text = "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n5\r\nworld\r\n0\r\n\r\n"
        #expect(RequestParser.error(text, limits: limits) == .bodyTooLarge(limit: 8, declared: nil))
    }

    @Test func trailersBeyondHeaderCount_are431() {
        let limits = Limits.make { $0.maxHeaderCount = 2 }
        let text = "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n0\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n"
        #expect(RequestParser.error(text, limits: limits) == .tooManyHeaders(limit: 2))
    }

    @Test func expectContinue_isReportedOnTheHead() throws {
        var parser = RequestParser()
        parser.append(Array("PUT / HTTP/1.1\r\n\(host)Content-Length: 3\r\nExpect: 100-Continue\r\n\r\n".utf8))
        guard case .head(let head) = try parser.next() else { Issue.record("expected head"); return }
        #expect(head.expectsContinue)
        #expect(try parser.next() == nil)
        parser.append(Array("abc".utf8))
        #expect(try parser.next() == .body(Array("abc".utf8)))
        #expect(try parser.next() == .end)
    }

    @Test func expectContinueInHTTP10_isIgnored() throws {
        let requests = try RequestParser.parseAll("PUT / HTTP/1.0\r\nContent-Length: 1\r\nExpect: 100-continue\r\n\r\na")
        #expect(!requests[0].head.expectsContinue)
    }

    @Test func endlessChunkExtension_isRejected() throws {
        var parser = RequestParser()
        parser.append(Array("POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n5;".utf8))
        parser.append([UInt8](repeating: UInt8(ascii: "a"), count: RequestParser.maxChunkLineBytes + 10))
        _ = try parser.next()
        #expect(throws: HTTPError.badRequest(.invalidChunkSize)) { try parser.next() }
    }

    @Test func zeroLengthPost_hasEmptyBody() throws {
        let requests = try RequestParser.parseAll("POST / HTTP/1.1\r\n\(host)Content-Length: 0\r\n\r\n")
        #expect(requests[0].head.framing == .contentLength(0))
        #expect(requests[0].body.isEmpty)
    }
}
