import Testing
@testable import HTTPServer

/// Chunked-coding cases the fuzzers turned up (`Fuzz/Sources/FuzzChunked`): lines that arrive
/// a byte at a time are read exactly as when they arrive at once.
@Suite struct ChunkedRegressionTests {
    static let head = "POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"

    /// Parses `message` fed in pieces of `piece` bytes; the decoded body and whether it ended.
    static func body(_ message: String, piece: Int) throws -> (body: [UInt8], ended: Bool) {
        var parser = RequestParser()
        var body: [UInt8] = []
        var ended = false
        let bytes = Array(message.utf8)
        for offset in stride(from: 0, to: bytes.count, by: piece) {
            parser.append(bytes[offset..<min(bytes.count, offset + piece)])
            while let part = try parser.next() {
                if case .body(let b) = part { body += b }
                if case .end = part { ended = true }
            }
        }
        return (body, ended)
    }

    @Test func longChunkExtension_byteByByte_readsAsAtOnce() throws {
        let message = Self.head + "5;" + String(repeating: "e", count: 4000) + "\r\nhello\r\n0\r\n\r\n"
        #expect(try Self.body(message, piece: 1) == (Array("hello".utf8), true))
        #expect(try Self.body(message, piece: message.utf8.count) == (Array("hello".utf8), true))
    }

    @Test func manyTrailers_byteByByte_readAsAtOnce_andThenTheNextRequest() throws {
        let trailers = (0..<50).map { "X-T\($0): " + String(repeating: "v", count: 100) + "\r\n" }.joined()
        let message = Self.head + "3\r\nabc\r\n0\r\n" + trailers + "\r\n"
        #expect(try Self.body(message, piece: 1) == (Array("abc".utf8), true))
        #expect(try Self.body(message, piece: 7) == (Array("abc".utf8), true))
    }

    @Test func chunkLineOverTheLimit_byteByByte_isStillRefused() throws {
        let message = Self.head + "5;" + String(repeating: "e", count: RequestParser.maxChunkLineBytes + 10) + "\r\n"
        #expect(throws: HTTPError.badRequest(.invalidChunkSize)) { try Self.body(message, piece: 1) }
    }
}
