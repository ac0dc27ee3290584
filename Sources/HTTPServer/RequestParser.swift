/// An HTTP/1.1 request parser (RFC 9112): bytes in, request parts or a typed error out.
///
/// It knows nothing about sockets: the server appends whatever `read` returned and then calls
/// `next()` until it yields nil (needs more bytes). Pipelined requests come out one after
/// another. After an error the parser is poisoned: framing is lost, so the connection must close.
///
/// Decisions beyond the RFC's MUSTs:
/// - Lines end with CRLF. A bare LF or bare CR anywhere in the head is rejected with 400 rather
///   than tolerated (RFC 9112 §2.2 allows either); tolerating it is how front-ends and back-ends
///   come to disagree about where a request ends.
/// - Empty lines before a request line are skipped (RFC 9112 §2.2).
/// - POST, PUT and PATCH without Content-Length or chunked get 411.
///
/// Not safe to copy while a gzip body is being decoded (the inflater is shared by reference).
public struct RequestParser {
    public let limits: Limits

    var buffer: [UInt8] = []
    /// Index of the first byte not yet consumed.
    var start = 0
    private var state: State = .head
    /// Progress of the head scan, relative to `start`, so slow clients cost O(n) not O(n²).
    var scanned = 0
    var lineStart = 0
    private var failure: HTTPError?
    private var inflater: GzipInflater?
    private var decodedCount = 0
    private var wireCount = 0
    var trailerBytesSeen = 0
    var trailerFieldsSeen = 0

    private enum State: Equatable {
        case head
        case fixed(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case end
    }

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Adds bytes received from the peer.
    public mutating func append<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// Bytes received but not yet turned into parts.
    public var bufferedByteCount: Int { buffer.count - start }

    /// True while between requests with nothing buffered: the connection is idle.
    public var isIdle: Bool { state == .head && bufferedByteCount == 0 }

    /// True once a head was returned and until its `.end`.
    public var isReadingBody: Bool { state != .head }

    /// The next request part, nil when more bytes are needed.
    public mutating func next() throws(HTTPError) -> RequestPart? {
        if let failure { throw failure }
        do {
            return try step()
        } catch {
            failure = error
            inflater = nil
            throw error
        }
    }

    private mutating func step() throws(HTTPError) -> RequestPart? {
        while true {
            switch state {
            case .head:
                guard let end = try scanHead() else { return nil }
                let head = try RequestParser.parseHead(buffer[start..<end], limits: limits)
                start = end
                scanned = 0
                lineStart = 0
                beginBody(head)
                return .head(head)
            case .fixed(let remaining):
                if remaining == 0 { return try finishBody() }
                guard let piece = take(upTo: remaining) else { return nil }
                state = .fixed(remaining: remaining - piece.count)
                if let decoded = try decode(piece) { return .body(decoded) }
            case .chunkSize:
                guard let size = try parseChunkSize() else { return nil }
                if size == 0 {
                    state = .trailers
                } else {
                    wireCount += size
                    if wireCount > limits.maxBodyBytes {
                        throw .bodyTooLarge(limit: limits.maxBodyBytes, declared: nil)
                    }
                    state = .chunkData(remaining: size)
                }
            case .chunkData(let remaining):
                guard let piece = take(upTo: remaining) else { return nil }
                state = remaining == piece.count ? .chunkDataEnd : .chunkData(remaining: remaining - piece.count)
                if let decoded = try decode(piece) { return .body(decoded) }
            case .chunkDataEnd:
                // RFC 9112 §7.1: chunk-data is followed by exactly CRLF.
                guard bufferedByteCount >= 2 else { return nil }
                guard buffer[start] == .cr, buffer[start + 1] == .lf else { throw .badRequest(.invalidChunkFraming) }
                start += 2
                state = .chunkSize
            case .trailers:
                guard let finished = try skipTrailerLine() else { return nil }
                if finished { return try finishBody() }
            case .end:
                return try finishBody()
            }
        }
    }

    private mutating func beginBody(_ head: RequestHead) {
        decodedCount = 0
        wireCount = 0
        trailerBytesSeen = 0
        trailerFieldsSeen = 0
        inflater = head.isGzipped && head.hasBody ? GzipInflater() : nil
        switch head.framing {
        case .none, .contentLength(0): state = .end
        case .contentLength(let length): state = .fixed(remaining: length)
        case .chunked: state = .chunkSize
        }
    }

    private mutating func finishBody() throws(HTTPError) -> RequestPart {
        if let inflater, !inflater.memberEnded { throw .badRequest(.truncatedGzip) }
        inflater = nil
        state = .head
        return .end
    }

    /// Up to `limit` buffered body bytes, consumed; nil when none are buffered. Gzip input is
    /// taken in small pieces so one step's output stays bounded even for a gzip bomb.
    private mutating func take(upTo limit: Int) -> ArraySlice<UInt8>? {
        let cap = inflater == nil ? limit : min(limit, 8 * 1024)
        let count = min(bufferedByteCount, cap)
        guard count > 0 else { return nil }
        defer { start += count }
        return buffer[start..<(start + count)]
    }

    /// Removes Content-Encoding and enforces the decoded-size limit; nil when nothing came out.
    private mutating func decode(_ piece: ArraySlice<UInt8>) throws(HTTPError) -> [UInt8]? {
        let limit = limits.maxBodyBytes
        var decoded: [UInt8]
        if let inflater {
            switch inflater.decompress(piece, limit: limit - decodedCount) {
            case .success(let bytes): decoded = bytes
            case .failure(.tooLarge): throw .bodyTooLarge(limit: limit, declared: nil)
            case .failure(.corrupt): throw .badRequest(.invalidGzip)
            }
        } else {
            decoded = Array(piece)
        }
        decodedCount += decoded.count
        if decodedCount > limit { throw .bodyTooLarge(limit: limit, declared: nil) }
        return decoded.isEmpty ? nil : decoded
    }

    private mutating func compact() {
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        } else if start > 64 * 1024 && start > buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
    }
}

extension UInt8 {
    static let cr = UInt8(ascii: "\r")
    static let lf = UInt8(ascii: "\n")
    static let sp = UInt8(ascii: " ")
    static let htab = UInt8(ascii: "\t")
    static let colon = UInt8(ascii: ":")

    /// `tchar` of RFC 9110 §5.6.2.
    var isTokenChar: Bool {
        switch self {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case 0x21, 0x23...0x27, 0x2A, 0x2B, 0x2D, 0x2E, 0x5E...0x60, 0x7C, 0x7E: // !#$%&'*+-.^_`|~
            return true
        default:
            return false
        }
    }

    var isWhitespace: Bool { self == .sp || self == .htab }

    var hexValue: Int? {
        switch self {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(self - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return Int(self - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return Int(self - UInt8(ascii: "A")) + 10
        default: return nil
        }
    }
}
