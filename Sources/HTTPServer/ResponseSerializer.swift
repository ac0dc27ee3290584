import Glibc

/// Turns a handler's `Response` into HTTP/1.1 bytes (RFC 9112 §4, §6).
///
/// The server owns framing: it sets `Content-Length`, `Date` and `Connection` and drops any
/// such fields (and `Transfer-Encoding`) the handler set. A header field whose name is not a
/// token or whose value holds CR, LF, NUL or another control character is DROPPED, not sent and
/// not turned into an error: response splitting is impossible and the rest of the response
/// still reaches the client.
enum ResponseSerializer {
    static func serialize(_ response: Response, method: String, keepAlive: Bool, date: String) -> [UInt8] {
        let status = response.status
        // RFC 9110 §6.4.1: 1xx, 204 and 304 never have content; §8.6: no Content-Length for 1xx/204.
        let bodyless = status < 200 || status == 204 || status == 304
        var text = "HTTP/1.1 \(status) \(reasonPhrase(status))\r\n"
        for (name, value) in response.headers where isSendable(name: name, value: value) {
            if ["content-length", "transfer-encoding", "date", "connection"].contains(where: { name.caseInsensitiveEquals($0) }) {
                continue
            }
            text += "\(name): \(value)\r\n"
        }
        if !bodyless {
            text += "Content-Length: \(contentLength(response, method: method))\r\n"
        }
        text += "Date: \(date)\r\n"
        text += keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n"
        var bytes = Array(text.utf8)
        // RFC 9110 §9.3.2: HEAD gets the headers GET would, without content.
        if !bodyless && method != "HEAD" { bytes.append(contentsOf: response.body) }
        return bytes
    }

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
        !name.isEmpty && name.utf8.allSatisfy(\.isTokenChar)
            && value.utf8.allSatisfy { $0 == .htab || ($0 >= 0x20 && $0 != 0x7F) }
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

/// IMF-fixdate (RFC 9110 §5.6.7) for the `Date` field.
enum HTTPDate {
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func format(_ seconds: time_t) -> String {
        var time = seconds
        var parts = tm()
        gmtime_r(&time, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }
}
