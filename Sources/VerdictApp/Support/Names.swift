/// The rules for names that come from clients and appear in URLs.
enum Names {
    /// Projects: 1–100 of letters, digits, `.`, `_`, `-`, starting with a letter or digit.
    static func validateProject(_ name: String) throws {
        let bytes = Array(name.utf8)
        let valid = (1...100).contains(bytes.count) && isAlphanumeric(bytes[0])
            && bytes.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
        guard valid else {
            throw APIError(status: 400, code: "invalid_project",
                           message: "project names are 1–100 letters, digits, '.', '_' or '-', starting with a letter or digit")
        }
    }

    /// Run keys (CI build ids): 1–200 characters of text without control characters or '/'.
    static func validateRun(_ key: String) throws {
        let valid = (1...200).contains(key.unicodeScalars.count)
            && !key.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || $0 == "/" }
        guard valid else {
            throw APIError(status: 400, code: "invalid_run", message: "run keys are 1–200 characters without control characters or '/'")
        }
    }

    private static func isAlphanumeric(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
    }
}
