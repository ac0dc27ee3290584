import Reports
import Testing

@Suite struct TimestampTests {
    @Test(arguments: [
        ("2026-11-28T04:35:28Z", Int64(1_795_840_528_000)),
        ("2026-11-28T04:35:28.355472+0000", 1_795_840_528_355),
        ("2026-11-28T05:35:28.355+01:00", 1_795_840_528_355),
        ("2026-11-28 04:35:28", 1_795_840_528_000),
        ("2026-11-28T04:35", 1_795_840_500_000),
        ("2026-11-28", 1_795_824_000_000),
        ("1970-01-01T00:00:00Z", 0),
        ("1795840528355", 1_795_840_528_355),
    ])
    func parsesTheFormsProducersWrite(text: String, ms: Int64) {
        #expect(Timestamp.parse(text) == ms)
    }

    @Test(arguments: ["", "yesterday", "2026-13-01", "2026-11-28T25:00:00Z", "2026-11-28T04:35:28+", "2026-11-28Tx"])
    func rejectsWhatIsNotATime(text: String) {
        #expect(Timestamp.parse(text) == nil)
    }

    @Test func formatsAsUTCWithMilliseconds() {
        #expect(Timestamp.format(1_795_840_528_355) == "2026-11-28T04:35:28.355Z")
        #expect(Timestamp.format(0) == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp.format(-1) == "1969-12-31T23:59:59.999Z")
    }

    @Test func formatThenParse_isIdentity() {
        for ms in stride(from: Int64(-5_000_000_000_000), to: 5_000_000_000_000, by: 123_456_789_017) {
            #expect(Timestamp.parse(Timestamp.format(ms)) == ms)
        }
    }
}
