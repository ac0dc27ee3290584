import Testing
@testable import HTTPServer

@Suite struct RequestParserGzipTests {
    func gzipRequest(_ compressed: [UInt8], encoding: String = "gzip") -> [UInt8] {
        Array("POST / HTTP/1.1\r\nHost: x\r\nContent-Encoding: \(encoding)\r\nContent-Length: \(compressed.count)\r\n\r\n".utf8) + compressed
    }

    @Test func gzipBody_isInflated() throws {
        let text = String(repeating: "<testcase name=\"t\"/>", count: 500)
        let requests = try RequestParser.parseAll(gzipRequest(Gzip.compress(Array(text.utf8))))
        #expect(requests[0].head.isGzipped)
        #expect(requests[0].text == text)
    }

    @Test func gzipBodyFedByteByByte_isInflated() throws {
        let bytes = gzipRequest(Gzip.compress(Array("hello gzip".utf8)))
        var feeder = ParserFeeder()
        var requests: [ParsedRequest] = []
        for byte in bytes { requests += try feeder.feed([byte]) }
        #expect(requests.first?.text == "hello gzip")
    }

    @Test func chunkedGzipBody_isInflated() throws {
        let compressed = Gzip.compress(Array("chunked and gzipped".utf8))
        let half = compressed.count / 2
        var bytes = Array("POST / HTTP/1.1\r\nHost: x\r\nContent-Encoding: x-gzip\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
        bytes += Array("\(String(half, radix: 16))\r\n".utf8) + compressed[..<half] + Array("\r\n".utf8)
        bytes += Array("\(String(compressed.count - half, radix: 16))\r\n".utf8) + compressed[half...] + Array("\r\n0\r\n\r\n".utf8)
        #expect(try RequestParser.parseAll(bytes)[0].text == "chunked and gzipped")
    }

    @Test func concatenatedGzipMembers_areInflatedInOrder() throws {
        let bytes = Gzip.compress(Array("first ".utf8)) + Gzip.compress(Array("second".utf8))
        #expect(try RequestParser.parseAll(gzipRequest(bytes))[0].text == "first second")
    }

    @Test func gzipBomb_isStoppedAtTheBodyLimit() {
        let bomb = Gzip.compress([UInt8](repeating: 0, count: 20 * 1024 * 1024), level: 9)
        let limits = Limits.make { $0.maxBodyBytes = 1024 * 1024 }
        #expect(bomb.count < limits.maxBodyBytes)
        let error = RequestParser.error(gzipRequest(bomb), limits: limits)
        #expect(error == .bodyTooLarge(limit: 1024 * 1024, declared: nil))
        #expect(error?.code == "body_too_large")
    }

    @Test func corruptGzip_is400() {
        #expect(RequestParser.error(gzipRequest(Array("definitely not gzip".utf8))) == .badRequest(.invalidGzip))
    }

    @Test func truncatedGzip_is400() {
        let compressed = Gzip.compress(Array(String(repeating: "abc", count: 100).utf8))
        #expect(RequestParser.error(gzipRequest(Array(compressed.dropLast(6)))) == .badRequest(.truncatedGzip))
    }

    @Test func unknownContentEncoding_is415() {
        let error = RequestParser.error(gzipRequest(Array("x".utf8), encoding: "br"))
        #expect(error == .unsupportedContentEncoding("br"))
        #expect(error?.status == 415)
        #expect(error?.code == "unsupported_encoding")
        #expect(RequestParser.error(gzipRequest(Array("x".utf8), encoding: "gzip, gzip")) == .unsupportedContentEncoding("gzip, gzip"))
    }

    @Test func identityContentEncoding_isPassedThrough() throws {
        #expect(try RequestParser.parseAll(gzipRequest(Array("plain".utf8), encoding: "identity"))[0].text == "plain")
    }
}
