/// Everything the server itself can refuse, with the facts of each refusal.
///
/// The enum is closed so tests can assert *which* error happened. The server never builds a
/// response from an error directly: it calls `ServerConfiguration.errorResponse`, so the app
/// decides the wire shape in one place. `status` and `code` are the suggested mapping.
public enum HTTPError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The request line plus header fields exceeded `Limits.maxHeaderBytes` (431).
    case headerTooLarge(limit: Int)
    /// More header (or trailer) fields than `Limits.maxHeaderCount` (431).
    case tooManyHeaders(limit: Int)
    /// The body exceeds `Limits.maxBodyBytes`; `declared` is the Content-Length when that alone
    /// told us, nil when the decoded body grew past the limit while arriving (413).
    case bodyTooLarge(limit: Int, declared: Int?)
    /// The message is not valid HTTP/1.1 syntax (400).
    case badRequest(BadRequestReason)
    /// Ambiguous framing that a proxy in front of us could read differently (400).
    case smugglingRejected(SmugglingReason)
    /// A method that carries a body (POST, PUT, PATCH) arrived without any length (411).
    case lengthRequired(method: String)
    /// The client was too slow to send the request head or the body (408).
    case requestTimeout(phase: RequestPhase, limitMs: Int)
    /// `Content-Encoding` other than gzip or identity (415).
    case unsupportedContentEncoding(String)
    /// `Transfer-Encoding` codings other than `chunked` (501, RFC 9112 §6.1).
    case unsupportedTransferEncoding(String)
    /// An HTTP version other than 1.0 or 1.1 (505).
    case unsupportedVersion(String)
    /// `Limits.maxConnections` connections are already open (503).
    case tooManyConnections(limit: Int)
    /// `Limits.maxQueuedRequests` requests are already waiting for a worker (503, `Retry-After`).
    case queueFull(limit: Int)
    /// Writing a large body to its spool file failed (500).
    case spoolFailed(SystemError)

    /// Which part of a request a timeout interrupted.
    public enum RequestPhase: String, Sendable, Equatable {
        case header, body
    }

    /// Why a request is malformed; one case per rule, so tests can tell them apart.
    public enum BadRequestReason: String, Sendable, Equatable {
        case invalidRequestLine = "invalid request line"
        case invalidMethod = "invalid method"
        case invalidTarget = "invalid request target"
        case invalidHeaderName = "invalid header field name"
        case whitespaceBeforeColon = "whitespace between header field name and colon"
        case invalidHeaderValue = "invalid character in header field value"
        case obsoleteLineFolding = "obsolete line folding in header field"
        case bareLineFeed = "line ends with LF without CR"
        case bareCarriageReturn = "CR not followed by LF"
        case missingHost = "HTTP/1.1 request without Host"
        case multipleHosts = "more than one Host field"
        case invalidContentLength = "invalid Content-Length"
        case invalidChunkSize = "invalid chunk size"
        case chunkSizeOverflow = "chunk size too large to represent"
        case invalidChunkFraming = "chunk data not followed by CRLF"
        case invalidTrailer = "invalid trailer field"
        case transferEncodingInHTTP10 = "Transfer-Encoding in an HTTP/1.0 request"
        case invalidGzip = "gzip body is corrupt"
        case truncatedGzip = "gzip body ends early"
    }

    /// Framing that RFC 9112 §6.3 says must not be guessed at.
    public enum SmugglingReason: String, Sendable, Equatable {
        case contentLengthWithTransferEncoding = "both Content-Length and Transfer-Encoding"
        case conflictingContentLengths = "Content-Length fields disagree"
        case chunkedNotFinal = "Transfer-Encoding does not end with chunked"
        case repeatedChunked = "chunked applied more than once"
    }

    /// The status this error suggests.
    public var status: Int {
        switch self {
        case .headerTooLarge, .tooManyHeaders: return 431
        case .bodyTooLarge: return 413
        case .badRequest, .smugglingRejected: return 400
        case .lengthRequired: return 411
        case .requestTimeout: return 408
        case .unsupportedContentEncoding: return 415
        case .unsupportedTransferEncoding: return 501
        case .unsupportedVersion: return 505
        case .tooManyConnections, .queueFull: return 503
        case .spoolFailed: return 500
        }
    }

    /// A stable machine-readable code for the JSON error envelope.
    public var code: String {
        switch self {
        case .headerTooLarge, .tooManyHeaders: return "header_too_large"
        case .bodyTooLarge: return "body_too_large"
        case .badRequest: return "bad_request"
        case .smugglingRejected: return "smuggling_rejected"
        case .lengthRequired: return "length_required"
        case .requestTimeout: return "request_timeout"
        case .unsupportedContentEncoding: return "unsupported_encoding"
        case .unsupportedTransferEncoding: return "unsupported_transfer_encoding"
        case .unsupportedVersion: return "version_not_supported"
        case .tooManyConnections, .queueFull: return "overloaded"
        case .spoolFailed: return "internal_error"
        }
    }

    /// A human-readable sentence with the facts.
    public var message: String {
        switch self {
        case .headerTooLarge(let limit): return "request head exceeds \(limit) bytes"
        case .tooManyHeaders(let limit): return "more than \(limit) header fields"
        case .bodyTooLarge(let limit, let declared?): return "Content-Length \(declared) exceeds the limit of \(limit) bytes"
        case .bodyTooLarge(let limit, nil): return "body exceeds the limit of \(limit) bytes"
        case .badRequest(let reason): return reason.rawValue
        case .smugglingRejected(let reason): return "ambiguous message framing: \(reason.rawValue)"
        case .lengthRequired(let method): return "\(method) needs Content-Length or Transfer-Encoding: chunked"
        case .requestTimeout(let phase, let limit): return "request \(phase.rawValue) not received within \(limit) ms"
        case .unsupportedContentEncoding(let coding): return "unsupported Content-Encoding: \(coding)"
        case .unsupportedTransferEncoding(let coding): return "unsupported Transfer-Encoding: \(coding)"
        case .unsupportedVersion(let version): return "unsupported HTTP version: \(version)"
        case .tooManyConnections(let limit): return "server has \(limit) open connections; try again later"
        case .queueFull(let limit): return "server has \(limit) queued requests; try again later"
        case .spoolFailed(let error): return "could not store request body: \(error)"
        }
    }

    public var description: String { "\(status) \(code): \(message)" }

    /// The default wire shape: the status and `{"error": {"code": "...", "message": "..."}}`.
    @Sendable public static func defaultResponse(_ error: HTTPError) -> Response {
        let body = #"{"error": {"code": "\#(JSONString.escape(error.code))", "message": "\#(JSONString.escape(error.message))"}}"#
        var response = Response(status: error.status, contentType: "application/json", body: Array(body.utf8))
        if case .queueFull = error { response.headers.set("Retry-After", "1") }
        if case .tooManyConnections = error { response.headers.set("Retry-After", "1") }
        return response
    }
}

/// Minimal JSON string escaping (RFC 8259 §7), since this module has no Foundation.
enum JSONString {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
