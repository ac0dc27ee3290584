/// The cause of a failure, normalized so run-specific noise does not split one cause into many.
///
/// A signature is the exception type and the first line of the message, with numbers, hex ids,
/// UUIDs, addresses, temporary paths, timestamps and quoted values replaced by placeholders.
/// `AssertionError: expected 3 got 4 at 0x7f3a…` and `…expected 5 got 9 at 0x55b1…` share one.
public enum FailureSignature {
    public static let maxLength = 240

    /// The signature of a failure, or nil when the result says nothing about why it failed.
    public static func of(type: String?, message: String?, trace: String?) -> String? {
        let line = firstLine(message) ?? lastLine(trace)
        let typeName = type.map { String($0.split(separator: ".").last ?? Substring($0)) }
        guard line != nil || typeName != nil else { return nil }
        var text = normalize(line ?? "")
        if let typeName, !typeName.isEmpty, !(line ?? "").contains(typeName) {
            text = text.isEmpty ? typeName : "\(typeName): \(text)"
        }
        return String(text.prefix(maxLength))
    }

    /// The first non-blank line, trimmed.
    public static func firstLine(_ text: String?) -> String? {
        guard let text else { return nil }
        return text.split(whereSeparator: \.isNewline).lazy.map { $0.trimmingCharacters() }.first { !$0.isEmpty }
    }

    /// Tracebacks end with the exception line (Python) — the most telling line when there is no message.
    public static func lastLine(_ text: String?) -> String? {
        guard let text else { return nil }
        return text.split(whereSeparator: \.isNewline).reversed().lazy.map { $0.trimmingCharacters() }.first { !$0.isEmpty }
    }

    /// Replaces the noisy parts of one line.
    public static func normalize(_ line: String) -> String {
        let scalars = Array(line.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        func isWordChar(_ s: Unicode.Scalar) -> Bool { s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "_" }
        while i < scalars.count {
            let s = scalars[i]
            // Quoted values: 'abc', "abc" (but keep a lone apostrophe in words like don't).
            if (s == "'" || s == "\"" || s == "`"), i == 0 || !isWordChar(scalars[i - 1]),
               let end = scalars[(i + 1)...].firstIndex(of: s), end - i <= 200
            {
                out.append(contentsOf: "<str>".unicodeScalars)
                i = end + 1
                continue
            }
            // Compared values in angle brackets, as JUnit and Hamcrest print them:
            // `expected:<[foo]> but was:<[bar]>`, `expected: <3> but was: <4>`, `was <x>`.
            if s == "<", isComparedValue(scalars, at: i), let end = scalars[(i + 1)...].prefix(200).firstIndex(of: ">"),
               !scalars[(i + 1)..<end].contains("<"), !scalars[(i + 1)..<end].contains(where: \.properties.isNewlineLike)
            {
                out.append(contentsOf: "<str>".unicodeScalars)
                i = end + 1
                continue
            }
            // Paths under temporary folders, up to whatever closes them.
            if s == "/", matches(scalars, i, "/tmp/") || matches(scalars, i, "/var/folders/") || matches(scalars, i, "/private/var/") {
                var j = i
                while j < scalars.count, !scalars[j].properties.isWhitespace, !pathEnds.contains(scalars[j]) { j += 1 }
                out.append(contentsOf: "<tmp>".unicodeScalars)
                i = j
                continue
            }
            // Tokens made of word characters and '-' that contain a digit: numbers, hex ids,
            // UUIDs, timestamps, addresses (0x7f…), ports, durations.
            if isWordChar(s) && (i == 0 || !isWordChar(scalars[i - 1])) {
                var j = i
                var hasDigit = false, allHex = true, hasLetter = false
                while j < scalars.count, isWordChar(scalars[j]) || ((scalars[j] == "-" || scalars[j] == "." || scalars[j] == ":") && j + 1 < scalars.count && isWordChar(scalars[j + 1]) && hasDigit) {
                    let c = scalars[j]
                    if ("0"..."9").contains(c) { hasDigit = true } else if c.properties.isAlphabetic {
                        hasLetter = true
                        if !("a"..."f").contains(c) && !("A"..."F").contains(c) && c != "x" { allHex = false }
                    }
                    j += 1
                }
                let token = String(String.UnicodeScalarView(scalars[i..<j]))
                if hasDigit && (!hasLetter || allHex || token.count >= 16 || token.first.map { ("0"..."9").contains($0) } == true) {
                    out.append(contentsOf: (hasLetter ? "<id>" : "<n>").unicodeScalars)
                } else if hasDigit && token.contains("_") {
                    // `user_42`, `shard_3_of_8`: numbered names. `py3`, `sha256` keep their digits.
                    let parts = token.split(separator: "_", omittingEmptySubsequences: false).map { part in
                        !part.isEmpty && part.allSatisfy(\.isASCIIDigit) ? "<n>" : String(part)
                    }
                    out.append(contentsOf: parts.joined(separator: "_").unicodeScalars)
                } else {
                    out.append(contentsOf: token.unicodeScalars)
                }
                i = j
                continue
            }
            out.append(s)
            i += 1
        }
        return String(out).split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }

    /// What ends a temporary path besides whitespace: quotes and closing punctuation.
    private static let pathEnds: Set<Unicode.Scalar> = [":", "'", "\"", "`", ")", "]", "}", ">", ",", ";"]

    /// A `<` opening a compared value: right after `:` (JUnit's `expected:<…>`, `was: <…>`) or
    /// after the word `is` or `was` (Hamcrest).
    private static func isComparedValue(_ scalars: [Unicode.Scalar], at i: Int) -> Bool {
        var j = i - 1
        while j >= 0, scalars[j] == " " { j -= 1 }
        guard j >= 0 else { return false }
        if scalars[j] == ":" { return true }
        let end = j + 1
        while j >= 0, scalars[j].properties.isAlphabetic { j -= 1 }
        let word = String(String.UnicodeScalarView(scalars[(j + 1)..<end]))
        return word == "was" || word == "is"
    }

    private static func matches(_ scalars: [Unicode.Scalar], _ at: Int, _ prefix: String) -> Bool {
        let p = Array(prefix.unicodeScalars)
        return at + p.count <= scalars.count && Array(scalars[at..<at + p.count]) == p
    }
}

extension Unicode.Scalar.Properties {
    var isNewlineLike: Bool { generalCategory == .lineSeparator || generalCategory == .paragraphSeparator || generalCategory == .control }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension Substring {
    func trimmingCharacters() -> String {
        var s = self
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
