/// Typed access to one JSON object's members, throwing errors that name the field's path.
struct FieldReader {
    let value: JSONValue
    let path: String

    init(_ value: JSONValue, path: String) throws(NativeReportError) {
        guard case .object = value else {
            throw .invalidField(field: path.isEmpty ? "body" : path, reason: "must be an object, not \(value.typeName)")
        }
        self.value = value
        self.path = path
    }

    func fieldPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The member, treating JSON null as absent.
    func member(_ key: String) -> JSONValue? {
        guard let member = value[key], !member.isNull else { return nil }
        return member
    }

    func string(_ key: String, maxBytes: Int = 4096) throws(NativeReportError) -> String? {
        guard let member = member(key) else { return nil }
        guard let text = member.string else { throw mustBe(key, "a string", member) }
        guard text.utf8.count <= maxBytes else {
            throw .invalidField(field: fieldPath(key), reason: "longer than \(maxBytes) bytes")
        }
        return text
    }

    /// A long text that is cut, not refused, beyond `maxBytes` (messages, traces, output).
    func text(_ key: String, maxBytes: Int) throws(NativeReportError) -> String? {
        guard let member = member(key) else { return nil }
        guard let text = member.string else { throw mustBe(key, "a string", member) }
        return TextCut.cut(text, maxBytes: maxBytes)
    }

    func integer(_ key: String, range: ClosedRange<Int64>) throws(NativeReportError) -> Int64? {
        guard let member = member(key) else { return nil }
        guard let number = member.number else { throw mustBe(key, "a number", member) }
        guard number.rounded() == number, number >= Double(range.lowerBound), number <= Double(range.upperBound) else {
            throw .invalidField(field: fieldPath(key), reason: "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return Int64(number)
    }

    /// Milliseconds; accepts a non-negative number (possibly fractional) and rounds it.
    func milliseconds(_ key: String) throws(NativeReportError) -> Int64? {
        guard let member = member(key) else { return nil }
        guard let number = member.number else { throw mustBe(key, "a number of milliseconds", member) }
        guard number >= 0, number < 1e13 else {
            throw .invalidField(field: fieldPath(key), reason: "must be a non-negative number of milliseconds")
        }
        return Int64(number.rounded())
    }

    /// An ISO 8601 string or epoch milliseconds.
    func timestamp(_ key: String) throws(NativeReportError) -> Int64? {
        guard let member = member(key) else { return nil }
        switch member {
        case .string(let text):
            guard let ms = Timestamp.parse(text) else {
                throw .invalidField(field: fieldPath(key), reason: "must be an ISO 8601 time such as 2026-11-28T04:35:28Z")
            }
            return ms
        case .number(let number) where number >= 0 && number < 1e14:
            return Int64(number)
        default:
            throw mustBe(key, "an ISO 8601 string or epoch milliseconds", member)
        }
    }

    /// A flat object of string (or scalar) values.
    func attributes(_ key: String) throws(NativeReportError) -> [String: String] {
        guard let member = member(key) else { return [:] }
        guard let members = member.objectMembers else { throw mustBe(key, "an object", member) }
        guard members.count <= 100 else { throw .invalidField(field: fieldPath(key), reason: "more than 100 attributes") }
        var out: [String: String] = [:]
        for (name, value) in members {
            switch value {
            case .string(let s): out[name] = s
            // Whole numbers print without ".0" only where Int64 holds them: `Int64(1e300)` traps.
            case .number(let n): out[name] = n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
            case .bool(let b): out[name] = String(b)
            case .null: continue
            default: throw .invalidField(field: "\(fieldPath(key)).\(name)", reason: "must be a string, number or boolean")
            }
        }
        return out
    }

    private func mustBe(_ key: String, _ what: String, _ actual: JSONValue) -> NativeReportError {
        .invalidField(field: fieldPath(key), reason: "must be \(what), not \(actual.typeName)")
    }
}

/// Cuts long texts at a UTF-8 boundary, leaving a visible marker.
public enum TextCut {
    public static func cut(_ text: String, maxBytes: Int) -> String {
        let utf8 = text.utf8
        guard utf8.count > maxBytes else { return text }
        var end = utf8.index(utf8.startIndex, offsetBy: maxBytes)
        while end > utf8.startIndex, !text.unicodeScalars.indices.contains(end) { end = utf8.index(before: end) }
        return String(text[..<end]) + "\n… [cut: \(utf8.count - utf8.distance(from: utf8.startIndex, to: end)) more bytes]"
    }
}
