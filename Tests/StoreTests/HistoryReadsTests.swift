import Reports
@testable import Store
import Testing

/// Test history, the test list and quarantine, read back from the store.
@Suite struct HistoryReadsTests {
    @Test func history_isNewestFirst_withEachRunsFacts() throws {
        let fixture = try StoreFixture()
        let history = HistoryBuilder(fixture: fixture)
        try history.run("r1", branch: "main", commit: "aaa", at: 1_000_000,
                        [TestResult(test: "t", status: .passed, durationMs: 12, worker: "gw1")])
        try history.run("r2", branch: "dev", commit: "bbb", at: 2_000_000, [
            TestResult(test: "t", status: .failed, attempt: 1, durationMs: 5, worker: "gw2", message: "KeyError: 'a1'"),
            TestResult(test: "t", status: .passed, attempt: 2, durationMs: 7, worker: "gw3"),
        ])
        let page = try #require(try fixture.store.testHistory(project: "p", test: "t", limit: 10))
        #expect(page.entries.next == nil)
        #expect(page.entries.items == [
            TestRunEntry(run: "r2", verdict: .flaky, attempts: 2, durationMs: 12, worker: "gw3", commit: "bbb", branch: "dev",
                         startedAt: 2_000_000, signature: "KeyError: <str>"),
            TestRunEntry(run: "r1", verdict: .passed, attempts: 1, durationMs: 12, worker: "gw1", commit: "aaa", branch: "main",
                         startedAt: 1_000_000, signature: nil),
        ])
    }

    @Test func history_pagesWithTheCursor() throws {
        let fixture = try StoreFixture()
        try HistoryBuilder(fixture: fixture).runs("r", tests: ["t": "PFPFPFP"])
        var seen: [String] = []
        var cursor: Int64?
        repeat {
            let page = try #require(try fixture.store.testHistory(project: "p", test: "t", limit: 3, before: cursor))
            #expect(page.entries.items.count <= 3)
            seen += page.entries.items.map(\.run)
            cursor = page.entries.next.flatMap { Int64($0) }
        } while cursor != nil
        #expect(seen == ["r7", "r6", "r5", "r4", "r3", "r2", "r1"])
    }

    @Test func history_ofAnUnknownTest_isNil() throws {
        let fixture = try StoreFixture()
        try HistoryBuilder(fixture: fixture).runs("r", tests: ["t": "P"])
        #expect(try fixture.store.testHistory(project: "p", test: "nope", limit: 5) == nil)
        #expect(try fixture.store.testHistory(project: "nope", test: "t", limit: 5) == nil)
    }

    @Test func testList_searchesSubstrings_andGivesLatestVerdictAndFailureRate() throws {
        let fixture = try StoreFixture()
        let history = HistoryBuilder(fixture: fixture)
        var tests: [(String, String)] = (0..<10).map { ("filler/test_\($0)", "PPPPEPP") }
        tests += [("api/Test_Users::get", "PFPSEFF"), ("api/test_users::put", "PPPPEPR"), ("db/test_pool", "PPPPEPP")]
        try history.runs("r", tests: tests)
        let page = try fixture.store.tests(
            project: "p", search: "test_users", limit: 10, from: HistoryBuilder.start - HistoryBuilder.day)
        #expect(page.next == nil)
        // Run 5 is an outage (most tests errored) and skips are no sample: 5 runs count for `get`.
        #expect(page.items == [
            TestSummary(test: "api/Test_Users::get", latestVerdict: .failed, latestRun: "r7", runs: 5, failed: 3, quarantined: false),
            TestSummary(test: "api/test_users::put", latestVerdict: .flaky, latestRun: "r7", runs: 6, failed: 0, quarantined: false),
        ])
        #expect(page.items.first?.failureRate == 0.6)
    }

    @Test func testList_pagesInKeyOrder_andWildcardsAreLiteral() throws {
        let fixture = try StoreFixture()
        try HistoryBuilder(fixture: fixture).runs("r", tests: ["a%1": "P", "a_2": "P", "ab3": "P", "b": "P"])
        let first = try fixture.store.tests(project: "p", limit: 2, from: 0)
        #expect(first.items.map(\.test) == ["a%1", "a_2"])
        let second = try fixture.store.tests(project: "p", limit: 2, after: first.next, from: 0)
        #expect(second.items.map(\.test) == ["ab3", "b"])
        #expect(second.next == nil)
        #expect(try fixture.store.tests(project: "p", search: "a_", limit: 10, from: 0).items.map(\.test) == ["a_2"])
        #expect(try fixture.store.tests(project: "p", search: "%", limit: 10, from: 0).items.map(\.test) == ["a%1"])
        #expect(try fixture.store.tests(project: "nope", limit: 10, from: 0).items.isEmpty)
    }

    @Test func quarantine_needsAKnownTest_keepsItsFirstTime_andCanBeReleased() throws {
        let fixture = try StoreFixture()
        try HistoryBuilder(fixture: fixture).runs("r", tests: ["a/b::c": "R"])
        let store = fixture.store
        #expect(try store.write(now: 10) { try $0.quarantine(project: "p", test: "nope", reason: "x") } == .unknownTest)
        #expect(try store.write(now: 10) { try $0.quarantine(project: "p", test: "a/b::c", reason: "flaky") }
                == .created(QuarantineEntry(test: "a/b::c", reason: "flaky", createdAt: 10)))
        #expect(try store.write(now: 20) { try $0.quarantine(project: "p", test: "a/b::c", reason: "still flaky") }
                == .updated(QuarantineEntry(test: "a/b::c", reason: "still flaky", createdAt: 10)))
        #expect(try store.quarantine(project: "p") == [QuarantineEntry(test: "a/b::c", reason: "still flaky", createdAt: 10)])
        #expect(try store.write(now: 30) { try $0.release(project: "p", test: "a/b::c") })
        #expect(try store.write(now: 30) { try $0.release(project: "p", test: "a/b::c") } == false)
        #expect(try store.quarantine(project: "p").isEmpty)
    }

    @Test func quarantinedTests_stillRecordResults_andAreMarkedInRunSummaries() throws {
        let fixture = try StoreFixture()
        let history = HistoryBuilder(fixture: fixture)
        try history.runs("r", tests: ["q": "F", "other": "P"])
        _ = try fixture.store.write(now: 1) { try $0.quarantine(project: "p", test: "q", reason: "known") }
        try history.run("r2", at: HistoryBuilder.start + HistoryBuilder.day, HistoryBuilder.results("q", "R", message: "x"))
        try history.run("r3", at: HistoryBuilder.start + 2 * HistoryBuilder.day, HistoryBuilder.results("other", "P", message: ""))
        #expect(try fixture.store.run(project: "p", key: "r1")?.quarantined == [QuarantinedTest(test: "q", verdict: .failed)])
        let r2 = try #require(try fixture.store.run(project: "p", key: "r2"))
        #expect(r2.quarantined == [QuarantinedTest(test: "q", verdict: .flaky)])
        #expect(r2.counts.flaky == 1)
        #expect(try fixture.store.run(project: "p", key: "r3")?.quarantined == [])
        #expect(try fixture.store.testHistory(project: "p", test: "q", limit: 5)?.quarantined == true)
        #expect(try fixture.store.tests(project: "p", limit: 5, from: 0).items.map(\.quarantined) == [false, true])
    }
}
