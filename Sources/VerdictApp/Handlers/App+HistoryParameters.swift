import HTTPServer

/// Query parameters of the history endpoints, validated: a bad value is a 400 `invalid_parameter`.
enum HistoryParameters {
    /// A whole number in `range`, or `value` when absent.
    static func integer(_ request: Request, _ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = request.query(name) else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw APIError.invalidParameter(name, "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    /// A run-id cursor (`before`), as the previous page's `next` gave it.
    static func cursor(_ request: Request, _ name: String) throws -> Int64? {
        guard let text = request.query(name) else { return nil }
        guard let id = Int64(text), id > 0 else { throw APIError.invalidParameter(name, "must be the `next` value of the previous page") }
        return id
    }

    /// Optional text; an empty value is the same as none.
    static func text(_ request: Request, _ name: String, maxBytes: Int = 4096) throws -> String? {
        guard let text = request.query(name), !text.isEmpty else { return nil }
        guard text.utf8.count <= maxBytes else { throw APIError.invalidParameter(name, "is longer than \(maxBytes) bytes") }
        return text
    }

    /// A test key to look up: any non-empty text. A key no result could have (too long, control
    /// characters) is simply not found.
    static func testKey(_ value: String?, name: String) throws -> String {
        guard let value, !value.isEmpty else { throw APIError.invalidParameter(name, "is required: the test's key") }
        return value
    }

    static let maxDays = 3650
}
