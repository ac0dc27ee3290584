import Reports
import Testing

/// `time` attributes, corpus rule 6, and their conversion to whole milliseconds.
@Suite struct JUnitTimeTests {
    @Test(arguments: [
        ("1.5", 1.5), (" 0.25 \n", 0.25), ("0.", 0.0), (".5", 0.5), ("1e-05", 1e-05), ("1.7E+2", 170.0),
        ("-2", -2.0), ("+3", 3.0), ("1_000.5", 1000.5), ("1,234.5", 1234.5), ("12,345,678.25", 12_345_678.25),
        ("1,234.", 1234.0), ("1.e2", 100.0), ("1e-400", 0.0), ("\u{A0}7\t", 7.0), ("0,014", 0.014), ("1,234", 1.234), ("-0,5", -0.5), ("42", 42.0),
    ] as [(String, Double)])
    func seconds_parsesWhatProducersWrite(_ raw: String, _ expected: Double) {
        #expect(JUnitTime.seconds(raw) == expected)
    }

    @Test(arguments: [
        nil, "", "   ", "abc", "1.2.3", "1,2,3", "1,23.4", "12,3456.7", "nan", "NaN", "inf", "-Infinity", "1e400",
        "0x10", "1_", "_1", "1__0", "1e", "e5", ".", "+", "1 2", "1.5s", "PT1S",
    ] as [String?])
    func seconds_isNilForMissingOrUnparsable(_ raw: String?) {
        #expect(JUnitTime.seconds(raw) == nil)
    }

    @Test(arguments: [
        (0.0, 0), (0.0004, 0), (0.0005, 1), (1.2345, 1235), (661.661, 661_661), (86_400.0, 86_400_000),
    ] as [(Double, Int64)])
    func milliseconds_roundsToTheNearestMillisecond(_ seconds: Double, _ ms: Int64) {
        #expect(JUnitTime.milliseconds(seconds: seconds) == ms)
    }

    @Test(arguments: [nil, -0.001, -5, 1e13, 1e300, .infinity, .nan] as [Double?])
    func milliseconds_isNilForNegativeOrAbsurd(_ seconds: Double?) {
        #expect(JUnitTime.milliseconds(seconds: seconds) == nil)
    }
}

/// `timestamp` attributes into milliseconds since the epoch.
@Suite struct JUnitTimestampTests {
    @Test(arguments: [
        ("2024-05-01T10:00:00Z", 1_714_557_600_000), ("2024-05-01T10:00:00", 1_714_557_600_000),
        ("2024-05-01 10:00:00", 1_714_557_600_000), ("2024-05-01T10:00:00.123Z", 1_714_557_600_123),
        ("2024-05-01T10:00:00.1234567+00:00", 1_714_557_600_123), ("2024-05-01T12:00:00+02:00", 1_714_557_600_000),
        ("2024-05-01T12:00:00+0200", 1_714_557_600_000), ("2024-05-01T02:00:00-08", 1_714_557_600_000),
        ("2021-04-01T10:52:39.000-08:00", 1_617_303_159_000), ("2024-05-01T10:00Z", 1_714_557_600_000),
        ("2024-05-01", 1_714_521_600_000), ("1970-01-01T00:00:00Z", 0), ("2024-02-29T00:00:00Z", 1_709_164_800_000),
        ("1714557600", 1_714_557_600_000), ("1714557600123", 1_714_557_600_123), ("1714557600.5", 1_714_557_600_500),
    ] as [(String, Int64)])
    func milliseconds_parsesISO8601AndEpochs(_ raw: String, _ expected: Int64) {
        #expect(JUnitTimestamp.milliseconds(raw) == expected)
    }

    @Test(arguments: [
        nil, "", "yesterday", "2024-13-01T00:00:00", "2023-02-29", "2024-05-01T25:00:00", "2024-05-01T10:00:00+25:00",
        "2024-05-01T10:00:00 junk", "05/01/2024", "2024-05-01T10", "1e20",
    ] as [String?])
    func milliseconds_isNilForAnythingElse(_ raw: String?) {
        #expect(JUnitTimestamp.milliseconds(raw) == nil)
    }
}
