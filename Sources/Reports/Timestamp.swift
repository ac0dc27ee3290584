/// Times are integer milliseconds since the epoch (UTC) inside Verdict and ISO 8601 strings on
/// the wire. This converts both ways without Foundation's formatters, which are slow and
/// locale-sensitive.
public enum Timestamp {
    /// `2026-11-28T04:35:28.355Z`: always UTC, always milliseconds.
    public static func format(_ ms: Int64) -> String {
        let days = floorDiv(ms, 86_400_000)
        let msOfDay = ms - days * 86_400_000
        let (y, m, d) = civil(fromDays: days)
        let h = msOfDay / 3_600_000, mi = msOfDay / 60_000 % 60, s = msOfDay / 1000 % 60, f = msOfDay % 1000
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(h, 2)):\(pad(mi, 2)):\(pad(s, 2)).\(pad(f, 3))Z"
    }

    /// Parses ISO 8601 / RFC 3339 date-times as producers write them:
    /// `2026-11-28T04:35:28Z`, `…28.355472+0000`, `…28+01:00`, `2026-11-28 04:35:28`,
    /// no zone meaning UTC; also a bare date. Returns nil for anything else.
    public static func parseISO8601(_ text: String) -> Int64? {
        var scanner = DigitScanner(Array(text.utf8))
        guard let year = scanner.digits(exactly: 4), scanner.skip("-"),
              let month = scanner.digits(exactly: 2), scanner.skip("-"),
              let day = scanner.digits(exactly: 2),
              (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var ms = days(fromCivil: year, month, day) * 86_400_000
        if scanner.atEnd { return ms }
        guard scanner.skip("T") || scanner.skip("t") || scanner.skip(" "),
              let hour = scanner.digits(exactly: 2), scanner.skip(":"),
              let minute = scanner.digits(exactly: 2), hour < 24, minute < 60
        else { return nil }
        var second: Int64 = 0
        if scanner.skip(":") {
            guard let s = scanner.digits(exactly: 2), s <= 60 else { return nil }
            second = s
        }
        ms += (hour * 3600 + minute * 60 + second) * 1000
        if scanner.skip(".") || scanner.skip(",") {
            guard let (fraction, count) = scanner.fraction() else { return nil }
            ms += count >= 3 ? fraction / pow10(count - 3) : fraction * pow10(3 - count)
        }
        if scanner.atEnd || scanner.skip("Z") || scanner.skip("z") { return scanner.atEnd ? ms : nil }
        let sign: Int64
        if scanner.skip("+") { sign = 1 } else if scanner.skip("-") { sign = -1 } else { return nil }
        guard let zh = scanner.digits(exactly: 2) else { return nil }
        _ = scanner.skip(":")
        let zm = scanner.digits(exactly: 2) ?? 0
        guard scanner.atEnd, zh < 24, zm < 60 else { return nil }
        return ms - sign * (zh * 60 + zm) * 60_000
    }

    /// Epoch milliseconds written as digits (`"1764304528355"`), as the ReportPortal agent sends.
    public static func parseEpochMillis(_ text: String) -> Int64? {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int64(text)
    }

    /// Either form above.
    public static func parse(_ text: String) -> Int64? {
        parseEpochMillis(text) ?? parseISO8601(text)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    private static func pow10(_ n: Int) -> Int64 {
        var r: Int64 = 1
        for _ in 0..<min(n, 18) { r *= 10 }
        return r
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    // Howard Hinnant's days_from_civil / civil_from_days (public domain algorithms).
    static func days(fromCivil y: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y - 1 : y
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays z: Int64) -> (Int64, Int64, Int64) {
        let z = z + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

/// Reads fixed-width digit groups from ASCII bytes.
private struct DigitScanner {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { index == bytes.count }

    mutating func skip(_ char: Character) -> Bool {
        guard index < bytes.count, bytes[index] == char.asciiValue else { return false }
        index += 1
        return true
    }

    mutating func digits(exactly count: Int) -> Int64? {
        guard index + count <= bytes.count else { return nil }
        var value: Int64 = 0
        for byte in bytes[index..<index + count] {
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            value = value * 10 + Int64(byte - 0x30)
        }
        index += count
        return value
    }

    mutating func fraction() -> (Int64, Int)? {
        var value: Int64 = 0, count = 0
        while index < bytes.count, bytes[index] >= 0x30 && bytes[index] <= 0x39 {
            if count < 18 { value = value * 10 + Int64(bytes[index] - 0x30); count += 1 }
            index += 1
        }
        return count > 0 ? (value, count) : nil
    }
}
