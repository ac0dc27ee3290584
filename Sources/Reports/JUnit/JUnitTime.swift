/// Reads the `time` attribute of JUnit elements: seconds, as producers actually write them.
public enum JUnitTime {
    /// Seconds from a `time` attribute, or nil when missing, empty, NaN/infinite or unparsable.
    ///
    /// The corpus rule 6, exactly: surrounding whitespace is ignored; comma thousands separators
    /// with a dot fraction (`1,234.5`) → 1234.5; digits, one comma, digits and no dot (`0,014`,
    /// `1,234`) is a decimal comma → 0.014, 1.234 (.NET on a European locale); otherwise Python's
    /// `float()` grammar (`0.`, `.5`, `1e-05`, `+3`, `1_000`, negatives).
    public static func seconds(_ raw: String?) -> Double? {
        guard let raw else { return nil }
        if let plain = plainDecimal(raw) { return plain }
        var text = Array(raw.trimmingWhitespace().utf8)
        if text.isEmpty { return nil }
        if isThousandsGrouped(text) {
            text.removeAll { $0 == UInt8(ascii: ",") }
        } else if isDecimalComma(text) {
            text = text.map { $0 == UInt8(ascii: ",") ? UInt8(ascii: ".") : $0 }
        }
        guard isPythonFloat(text) else { return nil }
        text.removeAll { $0 == UInt8(ascii: "_") }
        guard let value = Double(String(decoding: text, as: UTF8.self)), value.isFinite else { return nil }
        return value
    }

    /// Whole milliseconds for a duration in seconds; nil for negative or absurd (> 1e12 s) values,
    /// which no run takes and which would overflow `Int64`.
    public static func milliseconds(seconds: Double?) -> Int64? {
        guard let seconds, seconds.isFinite, seconds >= 0, seconds < 1e12 else { return nil }
        return Int64((seconds * 1000).rounded())
    }

    /// Fast path for what nearly every producer writes: digits with at most one dot (`0.034`).
    private static func plainDecimal(_ raw: String) -> Double? {
        var dots = 0
        var digits = 0
        for byte in raw.utf8 {
            if byte == UInt8(ascii: ".") { dots += 1 } else if isDigit(byte) { digits += 1 } else { return nil }
        }
        guard dots <= 1, digits > 0, let value = Double(raw), value.isFinite else { return nil }
        return value
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    private static func isSign(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") }

    /// `^[+-]?\d{1,3}(,\d{3})+\.\d*$`
    private static func isThousandsGrouped(_ s: [UInt8]) -> Bool {
        var i = s.first.map(isSign) == true ? 1 : 0
        let lead = i
        while i < s.count, isDigit(s[i]) { i += 1 }
        guard (1...3).contains(i - lead) else { return false }
        var groups = 0
        while i < s.count, s[i] == UInt8(ascii: ",") {
            guard i + 3 < s.count, s[(i + 1)...(i + 3)].allSatisfy(isDigit) else { return false }
            i += 4
            groups += 1
        }
        guard groups > 0, i < s.count, s[i] == UInt8(ascii: ".") else { return false }
        return s[(i + 1)...].allSatisfy(isDigit)
    }

    /// `^[+-]?\d+,\d+$`
    private static func isDecimalComma(_ s: [UInt8]) -> Bool {
        let body = s.first.map(isSign) == true ? s.dropFirst() : s[...]
        let parts = body.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(isDigit) }
    }

    /// Python `float()` for finite decimal literals: `[+-]? (d+ ('.' d*)? | '.' d+) ([eE] [+-]? d+)?`
    /// where `d+` may group digits with single underscores. `inf`/`nan` are left out on purpose:
    /// they are null by rule 6 anyway.
    private static func isPythonFloat(_ s: [UInt8]) -> Bool {
        var i = 0
        func digitPart() -> Bool {
            guard i < s.count, isDigit(s[i]) else { return false }
            i += 1
            while i < s.count {
                if isDigit(s[i]) {
                    i += 1
                } else if s[i] == UInt8(ascii: "_"), i + 1 < s.count, isDigit(s[i + 1]) {
                    i += 2
                } else {
                    break
                }
            }
            return true
        }
        if i < s.count, isSign(s[i]) { i += 1 }
        let hasInteger = digitPart()
        var hasFraction = false
        if i < s.count, s[i] == UInt8(ascii: ".") {
            i += 1
            hasFraction = digitPart()
        }
        guard hasInteger || hasFraction else { return false }
        if i < s.count, s[i] == UInt8(ascii: "e") || s[i] == UInt8(ascii: "E") {
            i += 1
            if i < s.count, isSign(s[i]) { i += 1 }
            guard digitPart() else { return false }
        }
        return i == s.count
    }
}

extension String {
    /// Trimmed of Unicode whitespace and newlines, like Python's `str.strip()`.
    func trimmingWhitespace() -> String {
        // Fast path: most attribute values start and end with a visible ASCII character.
        if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x80, last > 0x20, last < 0x80 {
            return self
        }
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let end = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[start...end])
    }
}
