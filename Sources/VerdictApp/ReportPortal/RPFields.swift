import HTTPServer
import Reports
import Store

/// Lenient access to an RP request object. Agents differ in small ways (a number where a
/// string was expected, `"false"` for false), and the agent cannot act on a refusal, so a field
/// of an unexpected type is read as well as it can be, or as absent — never an error.
struct RPFields {
    let value: JSONValue

    init(_ value: JSONValue) { self.value = value }

    /// The member, JSON null read as absent.
    func member(_ key: String) -> JSONValue? {
        guard let member = value[key], !member.isNull else { return nil }
        return member
    }

    /// A string, cut to `maxBytes`; numbers and booleans are read as their text.
    func string(_ key: String, maxBytes: Int = 4096) -> String? {
        guard let member = member(key) else { return nil }
        let text: String
        switch member {
        case .string(let s): text = s
        case .number(let n): text = n.rounded() == n && abs(n) < 1e15 ? String(Int64(n)) : String(n)
        case .bool(let b): text = b ? "true" : "false"
        default: return nil
        }
        return TextCut.cut(text, maxBytes: maxBytes)
    }

    func bool(_ key: String) -> Bool? {
        switch member(key) {
        case .bool(let b)?: return b
        case .string(let s)?: return s.lowercased() == "true" ? true : s.lowercased() == "false" ? false : nil
        case .number(let n)?: return n != 0
        default: return nil
        }
    }

    /// A time as the agents send it: an ISO 8601 string (`…28.355472+0000`, `Z`, `+00:00`, no
    /// offset), epoch milliseconds as a string, or epoch milliseconds as a JSON number.
    func time(_ key: String) -> Int64? {
        switch member(key) {
        case .string(let s)?: return Timestamp.parse(s.trimmingSpaces())
        case .number(let n)?: return n.isFinite && abs(n) < 1e15 ? Int64(n.rounded()) : nil
        default: return nil
        }
    }

    /// A list of `{key, value, system}`; nil when absent, entries without a value skipped.
    /// Keys and values are cut to 1 KiB (the client itself cuts them to 128 characters).
    func attributes(_ key: String) -> [RPAttribute]? {
        guard let items = member(key)?.array else { return nil }
        return items.compactMap { item in
            let fields = RPFields(item)
            guard let value = fields.string("value", maxBytes: 1024) else { return nil }
            return RPAttribute(key: fields.string("key", maxBytes: 1024), value: value, system: fields.bool("system") ?? false)
        }
    }

    /// An `issue` object, kept verbatim besides its type, comment and tickets.
    func issue(_ key: String) -> RPIssue? {
        guard let member = member(key), case .object = member else { return nil }
        let fields = RPFields(member)
        let tickets = (member["externalSystemIssues"]?.array ?? []).compactMap { RPFields($0).string("ticketId", maxBytes: 256) }
        return RPIssue(issueType: fields.string("issueType", maxBytes: 256), comment: fields.string("comment", maxBytes: 64 * 1024),
                       tickets: tickets, json: JSONWriter.string(member))
    }
}

extension App {
    /// A JSON request of the RP API as an object. Its content type is not checked (the
    /// agents always send JSON); its size is (`maxJSONBodyBytes`).
    func rpJSONObject(_ request: Request) throws -> (JSONValue, [UInt8]) {
        guard request.body.count <= configuration.maxJSONBodyBytes else {
            throw APIError(status: 413, code: "body_too_large", message: "JSON bodies are limited to \(configuration.maxJSONBodyBytes) bytes")
        }
        let bytes = try request.body.readAll()
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw APIError(status: 400, code: "invalid_json", message: error.description)
        }
        guard case .object = value else {
            throw APIError(status: 400, code: "invalid_request", message: "the body must be a JSON object, not \(value.typeName)")
        }
        return (value, bytes)
    }
}
