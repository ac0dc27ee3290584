import Reports
@testable import Store
import Testing

/// A run's failures grouped by normalized cause, each new or known.
@Suite struct FailuresReadsTests {
    static let day = HistoryBuilder.day
    static let start = HistoryBuilder.start

    static func failure(_ test: String, _ message: String, status: Status = .failed) -> TestResult {
        TestResult(test: test, status: status, message: message)
    }

    static func groups(_ fixture: StoreFixture, _ run: String, newDays: Int = 14) throws -> [FailureGroup] {
        try #require(try fixture.store.failures(project: "p", run: run, newDays: newDays, defaultBranch: "main")).groups
    }

    @Test func messagesThatDifferOnlyByNoise_formOneGroup() throws {
        let fixture = try StoreFixture()
        try HistoryBuilder(fixture: fixture).run("r1", at: Self.start, [
            Self.failure("t1", "AssertionError: expected 200, got 500 for id 5f3a9c1e-0b7d-4c1a-9e55-1234567890ab at 0x7f3a2b1c"),
            Self.failure("t2", "AssertionError: expected 200, got 503 for id 0b7d1234-aaaa-4c1a-9e55-ffffffffffff at 0x55b1aa00"),
            Self.failure("t3", "KeyError: 'user-8812'", status: .error),
            Self.failure("t4", "KeyError: 'user-13'"),
            TestResult(test: "t5", status: .failed),
            TestResult(test: "t6", status: .passed),
        ] + HistoryBuilder.results("t7", "R", message: "KeyError: 'user-1'"))
        let groups = try Self.groups(fixture, "r1")
        #expect(groups.map(\.signature) == ["AssertionError: expected <n>, got <n> for id <id> at <id>", "KeyError: <str>", nil])
        #expect(groups.map(\.tests) == [["t1", "t2"], ["t3", "t4"], ["t5"]])
        #expect(groups.map(\.isNew) == [true, true, false])
        #expect(groups[0].example == "AssertionError: expected 200, got 500 for id 5f3a9c1e-0b7d-4c1a-9e55-1234567890ab at 0x7f3a2b1c")
        #expect(groups[0].firstSeen == Sighting(run: "r1", branch: "main", at: Self.start))
        #expect(groups[2].example == nil && groups[2].firstSeen == nil)
    }

    @Test func signatureSeenOnTheBranchRecently_isKnown_withWhereItWasSeen() throws {
        let fixture = try StoreFixture()
        let history = HistoryBuilder(fixture: fixture)
        try history.run("r1", at: Self.start, [Self.failure("a", "ValueError: bad 1")])
        try history.run("r2", at: Self.start + Self.day, [Self.failure("a", "ValueError: bad 2")])
        try history.run("r3", at: Self.start + 2 * Self.day, [Self.failure("b", "ValueError: bad 3")])
        let group = try #require(try Self.groups(fixture, "r3").first)
        #expect(!group.isNew)
        #expect(group.seenBefore == Sighting(run: "r2", branch: "main", at: Self.start + Self.day))
        #expect(group.firstSeen?.run == "r1" && group.lastSeen?.run == "r3")
        // Looking at r1 now: later sightings do not make it known then.
        #expect(try Self.groups(fixture, "r1").first?.isNew == true)
    }

    @Test func signatureSeenLongAgo_isNewAgain() throws {
        let fixture = try StoreFixture()
        let history = HistoryBuilder(fixture: fixture)
        try history.run("old", at: Self.start, [Self.failure("a", "ImportError: no module named 'x1'")])
        try history.run("now", at: Self.start + 20 * Self.day, [Self.failure("a", "ImportError: no module named 'x2'")])
        let group = try #require(try Self.groups(fixture, "now").first)
        #expect(group.isNew && group.seenBefore == nil)
        #expect(group.firstSeen?.run == "old")
        #expect(try Self.groups(fixture, "now", newDays: 30).first?.isNew == false)
    }

    @Test func signatureSeenOnlyOnAnotherFeatureBranch_isNew_butTheDefaultBranchCountsEverywhere() throws {
        let fixture = try StoreFixture()
        let history = HistoryBuilder(fixture: fixture)
        try history.run("feat-1", branch: "feature", at: Self.start, [Self.failure("a", "KeyError: 'k1'")])
        try history.run("main-1", branch: "main", at: Self.start + 1, [Self.failure("b", "TimeoutError: after 30s")])
        try history.run("main-2", branch: "main", at: Self.start + 2, [Self.failure("a", "KeyError: 'k2'")])
        try history.run("other-1", branch: "other", at: Self.start + 3, [Self.failure("b", "TimeoutError: after 12s")])
        #expect(try Self.groups(fixture, "main-2").first?.isNew == true)
        let other = try #require(try Self.groups(fixture, "other-1").first)
        #expect(!other.isNew && other.seenBefore?.run == "main-1")
    }

    @Test func unknownRun_isNil() throws {
        let fixture = try StoreFixture()
        #expect(try fixture.store.failures(project: "p", run: "nope", newDays: 14, defaultBranch: "main") == nil)
    }
}
