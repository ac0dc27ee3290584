/// Reads the `timestamp` attribute of `<testsuite>`/`<testcase>` into milliseconds since the epoch.
public enum JUnitTimestamp {
    /// Milliseconds since the epoch (UTC), or nil when the value is not one of:
    ///
    /// - ISO 8601 / RFC 3339: `2024-05-01T10:00:00`, with optional fraction (`.123456`), optional
    ///   zone (`Z`, `+02:00`, `+0200`, `+02`), `T` or a space between date and time, or a date alone.
    ///   A time without a zone is taken as UTC: Surefire, pytest and jest write local time without a
    ///   zone and the server cannot know the producer's zone.
    /// - An epoch number: below 1e11 it is seconds (a 10-digit Unix time), otherwise milliseconds.
    public static func milliseconds(_ raw: String?) -> Int64? {
        guard let raw else { return nil }
        let s = Array(raw.trimmingWhitespace().utf8)
        if s.isEmpty { return nil }
        if s.allSatisfy({ isDigit($0) || $0 == UInt8(ascii: ".") }) { return epoch(s) }
        return iso8601(s)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private static func epoch(_ s: [UInt8]) -> Int64? {
        guard let value = Double(String(decoding: s, as: UTF8.self)), value.isFinite, value < 1e15 else { return nil }
        return value < 1e11 ? Int64((value * 1000).rounded()) : Int64(value.rounded())
    }

    private static func iso8601(_ s: [UInt8]) -> Int64? {
        var i = 0
        func number(_ width: Int) -> Int? {
            guard i + width <= s.count, s[i..<(i + width)].allSatisfy(isDigit) else { return nil }
            defer { i += width }
            return s[i..<(i + width)].reduce(0) { $0 * 10 + Int($1 - 0x30) }
        }
        func expect(_ char: Character) -> Bool {
            guard i < s.count, s[i] == char.asciiValue else { return false }
            i += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2),
              (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day) else { return nil }
        var hour = 0, minute = 0, second = 0, millis = 0, offsetMinutes = 0
        if i < s.count, s[i] == UInt8(ascii: "T") || s[i] == UInt8(ascii: "t") || s[i] == UInt8(ascii: " ") {
            i += 1
            guard let h = number(2), expect(":"), let m = number(2), h < 24, m < 60 else { return nil }
            hour = h
            minute = m
            if expect(":") {
                guard let sec = number(2), sec <= 60 else { return nil }
                second = min(sec, 59)  // a leap second lands on :59
                if i < s.count, s[i] == UInt8(ascii: ".") || s[i] == UInt8(ascii: ",") {
                    i += 1
                    let start = i
                    while i < s.count, isDigit(s[i]) { i += 1 }
                    guard i > start else { return nil }
                    let digits = s[start..<min(i, start + 3)].map { Int($0 - 0x30) }
                    millis = (digits + Array(repeating: 0, count: 3 - digits.count)).reduce(0) { $0 * 10 + $1 }
                }
            }
            if i < s.count {
                if s[i] == UInt8(ascii: "Z") || s[i] == UInt8(ascii: "z") {
                    i += 1
                } else if s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") {
                    let sign = s[i] == UInt8(ascii: "-") ? -1 : 1
                    i += 1
                    guard let oh = number(2), oh <= 18 else { return nil }
                    var om = 0
                    if i < s.count {
                        _ = expect(":")
                        guard let m = number(2), m < 60 else { return nil }
                        om = m
                    }
                    offsetMinutes = sign * (oh * 60 + om)
                }
            }
        }
        guard i == s.count else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = ((days * 24 + hour) * 60 + minute) * 60 + second - offsetMinutes * 60
        return Int64(seconds) * 1000 + Int64(millis)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm),
    /// so no `Calendar` or `DateFormatter` is built per attribute.
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }
}
