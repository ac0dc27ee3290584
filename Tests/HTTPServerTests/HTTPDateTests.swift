import Glibc
import Testing
@testable import HTTPServer

/// RFC 9110 §5.6.7: the preferred form and the two obsolete ones name the same instant.
@Suite struct HTTPDateTests {
    /// Sun, 06 Nov 1994 08:49:37 GMT, RFC 9110's example.
    static let example: Int64 = 784_111_777
    /// 2026-11-28T00:00:00Z, for the two-digit-year rule.
    static let now: Int64 = 1_795_824_000

    @Test(arguments: [
        "Sun, 06 Nov 1994 08:49:37 GMT",   // IMF-fixdate
        "Sunday, 06-Nov-94 08:49:37 GMT",  // rfc850-date
        "Sun Nov  6 08:49:37 1994",        // asctime-date, one-digit day
        "sun, 06 NOV 1994 08:49:37 gmt",   // names in any case
    ])
    func everyForm_readsTheSameInstant(_ text: String) {
        #expect(HTTPDate.epochSeconds(text, now: Self.now) == Self.example)
    }

    @Test func asctime_takesATwoDigitDay() {
        #expect(HTTPDate.epochSeconds("Thu Nov 26 08:49:37 2026", now: Self.now) == 1_795_682_977)
    }

    @Test func rfc850_twoDigitYearMoreThan50YearsAhead_isTheLastCentury() {
        // From 2026: 76 is 2076 (50 years ahead, not more); 77 is 1977.
        #expect(HTTPDate.epochSeconds("Wednesday, 01-Jan-76 00:00:00 GMT", now: Self.now) == 3_345_062_400)
        #expect(HTTPDate.epochSeconds("Saturday, 01-Jan-77 00:00:00 GMT", now: Self.now) == 220_924_800)
        #expect(HTTPDate.epochSeconds("Monday, 01-Jan-01 00:00:00 GMT", now: Self.now) == 978_307_200)
    }

    @Test func leapDayAndLeapSecond_areAccepted() {
        #expect(HTTPDate.epochSeconds("Thu, 29 Feb 2024 00:00:00 GMT", now: Self.now) == 1_709_164_800)
        #expect(HTTPDate.epochSeconds("Sat, 31 Dec 2016 23:59:60 GMT", now: Self.now) == 1_483_228_800)
    }

    @Test(arguments: [
        "",
        "soon",
        "Sun, 06 Nov 1994 08:49:37",          // no zone
        "Sun, 06 Nov 1994 08:49:37 UTC",      // only GMT
        "Sun, 6 Nov 1994 08:49:37 GMT",       // IMF-fixdate has a two-digit day
        "Sun, 06 Nov 94 08:49:37 GMT",        // and a four-digit year
        "Sunday, 06 Nov 1994 08:49:37 GMT",   // long day name with IMF-fixdate's date
        "Sun, 06-Nov-94 08:49:37 GMT",        // short day name with rfc850's date
        "Sun, 31 Nov 1994 08:49:37 GMT",      // no such day
        "Sun, 29 Feb 2023 08:49:37 GMT",      // not a leap year
        "Sun, 06 Nov 1994 24:00:00 GMT",
        "Sun, 06 Nov 1994 08:60:00 GMT",
        "Sun, 06 Foo 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 08:49:37 GMT x",    // trailing text
        "Sun Nov 6 08:49:37 1994",            // asctime pads a one-digit day with a space
        "Xyz, 06 Nov 1994 08:49:37 GMT",
    ])
    func notAnHTTPDate_isNil(_ text: String) {
        #expect(HTTPDate.epochSeconds(text, now: Self.now) == nil)
    }
}

extension HTTPDateTests {
    /// What the server writes in `Date` reads back as the same second.
    @Test(arguments: [Int64(0), example, now, 1_709_164_800, 4_102_444_799])
    func formattedDate_readsBackTheSame(seconds: Int64) {
        let text = HTTPDate.format(time_t(seconds))
        #expect(text.hasSuffix(" GMT") && text.utf8.count == 29, "\(text)")
        #expect(HTTPDate.epochSeconds(text, now: Self.now) == seconds, "\(text)")
    }
}
