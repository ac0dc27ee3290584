import HTTPServer
import Reports

/// Answers of the RP-compatible API. The agent ignores status codes and looks up fields of the
/// JSON body (PROTOCOL.md §9), so every answer is JSON: successes carry the fields it reads
/// (`id`, `message`, `responses`), and errors carry RP's `errorCode` and `message` (which the
/// agent prints in its warning) beside Verdict's usual `{"error": {"code", "message"}}`, and
/// never an `id`.
enum RPAnswer {
    static func json(_ status: Int, _ value: JSONValue) -> Response {
        .json(status: status, value)
    }

    static func error(_ error: Error) -> Response {
        let api = ErrorMapping.apiError(error)
        var response = Response.json(status: api.status, .object([
            ("error", .object([("code", .string(api.code)), ("message", .string(api.message))])),
            ("errorCode", .int(api.status * 10)),
            ("message", .string(api.message)),
        ]))
        for (name, value) in api.headers { response.headers.add(name, value) }
        return response
    }

    /// A new item or launch id: a random (version 4) UUID, lower-case as ReportPortal writes them.
    static func newUUID() -> String { RandomUUID.make() }

    /// A fingerprint of a request, so the same request twice is recognised.
    static func fingerprint(_ parts: [UInt8]...) -> String {
        var bytes: [UInt8] = []
        for part in parts {
            bytes += Array(String(part.count).utf8) + [0x0A] + part
        }
        return String(SHA256.hex(bytes).prefix(32))
    }

    /// A path segment percent-encoded (RFC 3986 unreserved characters stay as they are).
    static func encodeSegment(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            let c = Character(Unicode.Scalar(byte))
            if c.isASCII && (c.isLetter || c.isNumber || "-._~".contains(c)) {
                out.append(c)
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(2)
            }
        }
        return out
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

extension App {
    /// Runs an RP handler; any error becomes an RP-readable error answer.
    func reportPortal(_ body: () throws -> Response) -> Response {
        do {
            return try body()
        } catch {
            return RPAnswer.error(error)
        }
    }

    /// The launch or item uuid from the path, checked like a run key.
    func rpPathKey(_ request: Request, _ name: String) throws -> String {
        guard let value = request.pathParameters[name] else { throw APIError.notFound("no \(name) in the path") }
        try Names.validateRun(value)
        return value
    }

    /// A uuid from a body: nil when absent or not usable as a run key.
    func rpKey(_ text: String?) -> String? {
        guard let text, !text.isEmpty, (try? Names.validateRun(text)) != nil else { return nil }
        return text
    }

    /// Where a person can look at the run: its JSON on this server, as the client reached it.
    func rpLink(_ request: Request, project: String, launch: String) -> String {
        let host = request.headers["Host"] ?? "localhost"
        let scheme = request.headers["X-Forwarded-Proto"].flatMap { $0 == "https" || $0 == "http" ? $0 : nil } ?? "http"
        return "\(scheme)://\(host)/api/v1/projects/\(RPAnswer.encodeSegment(project))/runs/\(RPAnswer.encodeSegment(launch))"
    }
}
