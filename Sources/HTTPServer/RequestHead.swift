/// The request line and header fields of one request, with the framing decisions the parser
/// made from them (RFC 9112 §6.3).
public struct RequestHead: Sendable, Equatable {
    public var method: String
    /// The request-target in origin-form (absolute-form is reduced to its path and query).
    public var target: String
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    /// Whether the connection may carry another request after this one (RFC 9112 §9.3).
    public var keepAlive: Bool
    /// The client sent `Expect: 100-continue` and waits for `100 Continue` before the body.
    public var expectsContinue: Bool
    /// How the body is delimited.
    public var framing: BodyFraming
    /// The body arrives gzip-compressed and the parser inflates it.
    public var isGzipped: Bool

    /// How a request body is delimited on the wire.
    public enum BodyFraming: Sendable, Equatable {
        case none
        case contentLength(Int)
        case chunked
    }

    /// Whether any body bytes follow the head.
    public var hasBody: Bool {
        switch framing {
        case .none, .contentLength(0): return false
        case .contentLength, .chunked: return true
        }
    }
}

/// `HTTP/1.0` or `HTTP/1.1`; the parser refuses every other version.
public struct HTTPVersion: Sendable, Equatable, CustomStringConvertible {
    public var major: Int
    public var minor: Int

    public static let http10 = HTTPVersion(major: 1, minor: 0)
    public static let http11 = HTTPVersion(major: 1, minor: 1)

    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    public var description: String { "HTTP/\(major).\(minor)" }
}

/// One step of a request as the parser reads it: its head, decoded body pieces, then its end.
public enum RequestPart: Sendable, Equatable {
    case head(RequestHead)
    /// Body bytes with chunking and Content-Encoding removed.
    case body([UInt8])
    case end
}
