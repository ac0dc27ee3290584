#if canImport(Glibc)
import Glibc
#endif

/// HTTP-date (RFC 9110 §5.6.7): written as IMF-fixdate (the server's `Date` field), read in
/// the preferred form and the two obsolete ones a recipient must still accept (`Retry-After`).
///
///     Sun, 06 Nov 1994 08:49:37 GMT    IMF-fixdate
///     Sunday, 06-Nov-94 08:49:37 GMT   rfc850-date (two-digit year)
///     Sun Nov  6 08:49:37 1994         asctime-date
///
/// Day and month names are matched without regard to case (the grammar is case-sensitive; being
/// lenient here costs nothing). The day name is checked to be one, not to match the date.
public enum HTTPDate {
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`.
    public static func format(_ seconds: time_t) -> String {
        var time = seconds
        var parts = tm()
        gmtime_r(&time, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }

    /// Seconds since the epoch, nil when `text` is none of the three forms or names no real time.
    /// `now` (epoch seconds) places an rfc850-date's two-digit year.
    public static func epochSeconds(_ text: String, now: Int64) -> Int64? {
        var cursor = Cursor(text)
        guard let dayName = cursor.letters() else { return nil }
        let fields: Fields?
        if cursor.take(",") {
            fields = Self.shortDayNames.contains(dayName) ? imfFixdate(&cursor) : rfc850(&cursor, dayName: dayName, now: now)
        } else {
            fields = Self.shortDayNames.contains(dayName) ? asctime(&cursor) : nil
        }
        guard let fields, cursor.isAtEnd else { return nil }
        return fields.epochSeconds
    }

    /// `06 Nov 1994 08:49:37 GMT`, after `Sun,`.
    private static func imfFixdate(_ cursor: inout Cursor) -> Fields? {
        guard cursor.take(" "), let day = cursor.digits(2), cursor.take(" "), let month = cursor.month(),
              cursor.take(" "), let year = cursor.digits(4), cursor.take(" "),
              let time = cursor.timeOfDay(), cursor.take(" "), cursor.letters() == "gmt"
        else { return nil }
        return Fields(year: year, month: month, day: day, time: time)
    }

    /// `06-Nov-94 08:49:37 GMT`, after `Sunday,`. A year that would be more than 50 years ahead
    /// of `now` is the most recent past year with the same last two digits (RFC 9110 §5.6.7).
    private static func rfc850(_ cursor: inout Cursor, dayName: String, now: Int64) -> Fields? {
        guard Self.longDayNames.contains(dayName), cursor.take(" "), let day = cursor.digits(2), cursor.take("-"),
              let month = cursor.month(), cursor.take("-"), let twoDigits = cursor.digits(2), cursor.take(" "),
              let time = cursor.timeOfDay(), cursor.take(" "), cursor.letters() == "gmt"
        else { return nil }
        let thisYear = Self.year(at: now)
        var year = thisYear - thisYear % 100 + twoDigits
        if year > thisYear + 50 { year -= 100 }
        return Fields(year: year, month: month, day: day, time: time)
    }

    /// `Nov  6 08:49:37 1994`, after `Sun`: the day is two digits or a space and one digit.
    private static func asctime(_ cursor: inout Cursor) -> Fields? {
        guard cursor.take(" "), let month = cursor.month(), cursor.take(" ") else { return nil }
        let day = cursor.take(" ") ? cursor.digits(1) : cursor.digits(2)
        guard let day, cursor.take(" "), let time = cursor.timeOfDay(), cursor.take(" "),
              let year = cursor.digits(4)
        else { return nil }
        return Fields(year: year, month: month, day: day, time: time)
    }

    private static let shortDayNames: Set<String> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    private static let longDayNames: Set<String> = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    fileprivate static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// The UTC calendar year at `epochSeconds`.
    private static func year(at epochSeconds: Int64) -> Int {
        var time = time_t(epochSeconds)
        var parts = tm()
        guard gmtime_r(&time, &parts) != nil else { return 1970 }
        return Int(parts.tm_year) + 1900
    }

    private struct Fields {
        var year: Int
        var month: Int  // 1...12
        var day: Int
        var time: (hour: Int, minute: Int, second: Int)

        var epochSeconds: Int64? {
            let days = [31, year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
            // second = 2DIGIT: 60 is a leap second, which timegm folds into the next minute.
            guard (1...days[month - 1]).contains(day), time.hour < 24, time.minute < 60, time.second <= 60 else { return nil }
            var parts = tm()
            parts.tm_year = Int32(year - 1900)
            parts.tm_mon = Int32(month - 1)
            parts.tm_mday = Int32(day)
            parts.tm_hour = Int32(time.hour)
            parts.tm_min = Int32(time.minute)
            parts.tm_sec = Int32(time.second)
            return Int64(timegm(&parts))
        }
    }

    /// Reads ASCII left to right; every method consumes only what it matched.
    private struct Cursor {
        private let bytes: [UInt8]
        private var index = 0

        init(_ text: String) { bytes = Array(text.utf8) }

        var isAtEnd: Bool { index == bytes.count }

        mutating func take(_ character: Character) -> Bool {
            guard index < bytes.count, bytes[index] == character.asciiValue else { return false }
            index += 1
            return true
        }

        /// A run of ASCII letters, lower-cased; nil when there is none.
        mutating func letters() -> String? {
            let start = index
            while index < bytes.count, (bytes[index] | 0x20) >= UInt8(ascii: "a"), (bytes[index] | 0x20) <= UInt8(ascii: "z") {
                index += 1
            }
            guard index > start else { return nil }
            return String(decoding: bytes[start..<index].map { $0 | 0x20 }, as: UTF8.self)
        }

        /// Exactly `count` decimal digits.
        mutating func digits(_ count: Int) -> Int? {
            guard index + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<(index + count)] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            index += count
            return value
        }

        /// A three-letter month name, as 1...12.
        mutating func month() -> Int? {
            let start = index
            guard let name = letters(), let position = HTTPDate.monthNames.firstIndex(of: name) else {
                index = start
                return nil
            }
            return position + 1
        }

        /// `hh:mm:ss`.
        mutating func timeOfDay() -> (hour: Int, minute: Int, second: Int)? {
            guard let hour = digits(2), take(":"), let minute = digits(2), take(":"), let second = digits(2) else { return nil }
            return (hour, minute, second)
        }
    }
}
