import Glibc

/// Turns a handler's `Response` into HTTP/1.1 bytes (RFC 9112 §4, §6).
///
/// The server owns framing: it sets `Content-Length`, `Date` and `Connection` and drops any
/// such fields (and `Transfer-Encoding`) the handler set. A header field whose name is not a
/// token or whose value holds CR, LF, NUL or another control character is DROPPED, not sent and
/// not turned into an error: response splitting is impossible and the rest of the response
/// still reaches the client.
enum ResponseSerializer {
    /// Appends the response's bytes to `output`, built byte by byte (no intermediate string:
    /// this runs once per request on the event loop). Returns how many bytes it appended.
    @discardableResult
    static func serialize(_ response: Response, method: String, keepAlive: Bool, date: String,
                          into output: inout [UInt8]) -> Int {
        let start = output.count
        let status = response.status
        // RFC 9110 §6.4.1: 1xx, 204 and 304 never have content; §8.6: no Content-Length for 1xx/204.
        let bodyless = status < 200 || status == 204 || status == 304
        let sendsBody = !bodyless && method != "HEAD"
        output.reserveCapacity(start + 256 + (sendsBody ? response.body.count : 0))
        output.append(contentsOf: statusLine(status))
        for (name, value) in response.headers where !isFramingField(name) && isSendable(name: name, value: value) {
            appendUTF8(name, to: &output)
            output.append(.colon)
            output.append(.sp)
            appendUTF8(value, to: &output)
            output.append(contentsOf: crlf)
        }
        if !bodyless {
            output.append(contentsOf: contentLengthName)
            appendDecimal(contentLength(response, method: method), to: &output)
            output.append(contentsOf: crlf)
        }
        output.append(contentsOf: dateName)
        appendUTF8(date, to: &output)
        output.append(contentsOf: crlf)
        output.append(contentsOf: keepAlive ? keepAliveEnd : closeEnd)
        // RFC 9110 §9.3.2: HEAD gets the headers GET would, without content.
        if sendsBody { output.append(contentsOf: response.body) }
        return output.count - start
    }

    /// The response's bytes on their own; for tests and one-off answers.
    static func serialize(_ response: Response, method: String, keepAlive: Bool, date: String) -> [UInt8] {
        var bytes: [UInt8] = []
        serialize(response, method: method, keepAlive: keepAlive, date: date, into: &bytes)
        return bytes
    }

    private static let crlf: [UInt8] = [.cr, .lf]
    private static let contentLengthName = Array("Content-Length: ".utf8)
    private static let dateName = Array("Date: ".utf8)
    private static let keepAliveEnd = Array("Connection: keep-alive\r\n\r\n".utf8)
    private static let closeEnd = Array("Connection: close\r\n\r\n".utf8)

    /// One copy of the string's contiguous UTF-8; appending `string.utf8` instead goes byte by byte.
    private static func appendUTF8(_ string: String, to output: inout [UInt8]) {
        var string = string
        string.withUTF8 { output.append(contentsOf: $0) }
    }

    /// Fields the server owns; a handler's copy is dropped.
    private static func isFramingField(_ name: String) -> Bool {
        switch name.utf8.count {
        case 4: return name.caseInsensitiveEquals("date")
        case 10: return name.caseInsensitiveEquals("connection")
        case 14: return name.caseInsensitiveEquals("content-length")
        case 17: return name.caseInsensitiveEquals("transfer-encoding")
        default: return false
        }
    }

    private static func appendDecimal(_ value: Int, to output: inout [UInt8]) {
        if value < 10 { return output.append(UInt8(ascii: "0") + UInt8(value)) }
        appendDecimal(value / 10, to: &output)
        output.append(UInt8(ascii: "0") + UInt8(value % 10))
    }

    /// `HTTP/1.1 200 OK\r\n`, built once per status code seen in `reasonPhrase`.
    private static let statusLines: [Int: [UInt8]] = Dictionary(uniqueKeysWithValues: knownStatuses.map { status in
        (status, Array("HTTP/1.1 \(status) \(reasonPhrase(status))\r\n".utf8))
    })

    private static func statusLine(_ status: Int) -> [UInt8] {
        statusLines[status] ?? Array("HTTP/1.1 \(status) \(reasonPhrase(status))\r\n".utf8)
    }

    private static let knownStatuses = [
        100, 200, 201, 202, 204, 206, 301, 302, 303, 304, 307, 308, 400, 401, 403, 404, 405, 406, 408, 409,
        410, 411, 412, 413, 414, 415, 417, 422, 428, 429, 431, 500, 501, 502, 503, 504, 505,
    ]

    /// For HEAD a handler may state the length GET would have without building the body.
    private static func contentLength(_ response: Response, method: String) -> Int {
        if method == "HEAD", response.body.isEmpty, let stated = response.headers["Content-Length"],
           let length = Int(stated), length >= 0 {
            return length
        }
        return response.body.count
    }

    /// Whether a field can go on the wire without changing the message's structure.
    static func isSendable(name: String, value: String) -> Bool {
        var name = name, value = value
        return name.withUTF8 { bytes in
            guard !bytes.isEmpty else { return false }
            for byte in bytes where !byte.isTokenChar { return false }
            return true
        } && value.withUTF8 { bytes in
            // Plain loops: every response runs this over each field, the long CSP included.
            for byte in bytes where byte < 0x20 && byte != .htab || byte == 0x7F { return false }
            return true
        }
    }

    /// The interim response sent before reading a body the client held back (RFC 9110 §10.1.1).
    static let continueBytes = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 100: return "Continue"
        case 200: return "OK"
        case 201: return "Created"
        case 202: return "Accepted"
        case 204: return "No Content"
        case 206: return "Partial Content"
        case 301: return "Moved Permanently"
        case 302: return "Found"
        case 303: return "See Other"
        case 304: return "Not Modified"
        case 307: return "Temporary Redirect"
        case 308: return "Permanent Redirect"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 406: return "Not Acceptable"
        case 408: return "Request Timeout"
        case 409: return "Conflict"
        case 410: return "Gone"
        case 411: return "Length Required"
        case 412: return "Precondition Failed"
        case 413: return "Content Too Large"
        case 414: return "URI Too Long"
        case 415: return "Unsupported Media Type"
        case 417: return "Expectation Failed"
        case 422: return "Unprocessable Content"
        case 428: return "Precondition Required"
        case 429: return "Too Many Requests"
        case 431: return "Request Header Fields Too Large"
        case 500: return "Internal Server Error"
        case 501: return "Not Implemented"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        case 505: return "HTTP Version Not Supported"
        default: return "Status \(status)"
        }
    }
}
