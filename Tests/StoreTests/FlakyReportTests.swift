import Reports
@testable import Store
import Testing

/// `/flaky` over stored histories: which runs count, which tests are read, what they are called.
@Suite struct FlakyReportTests {
    static let steady = (0..<10).map { "tests/steady.py::test_\($0)" }

    /// Ten steady tests and one retry-flaky one; run 4 is an outage (everything errors) and run 5
    /// re-runs its commit and passes.
    static func historyWithOutage(_ fixture: StoreFixture) throws -> HistoryBuilder {
        let history = HistoryBuilder(fixture: fixture)
        var tests = Self.steady.map { ($0, "PPPEPPPP") }
        tests.append(("tests/flaky.py::test_retry", "PRPEPRPP"))
        try history.runs("r", tests: tests, commits: [4: "same", 5: "same"])
        return history
    }

    @Test func outageRun_isLeftOut_soItsRerunIsNoCommitFlake() throws {
        let fixture = try StoreFixture()
        let report = try Self.historyWithOutage(fixture).flaky()
        #expect(report.window.outageRuns == ["r4"])
        #expect(report.window.runs == 7)
        #expect(report.tests.map(\.test) == ["tests/flaky.py::test_retry"])
        let flaky = try #require(report.tests.first)
        #expect(flaky.classification == .flaky)
        #expect(flaky.signals.retryRuns == ["r6", "r2"])
        #expect(flaky.signals.runs == 7)
        #expect(flaky.signals.commitFlakes.isEmpty)
    }

    @Test func withoutTheOutageRule_everyTestWouldLookFlaky() throws {
        let fixture = try StoreFixture()
        var model = FlakyModel()
        model.outageFailureFraction = 1
        let report = try Self.historyWithOutage(fixture).flaky(model: model)
        #expect(report.window.outageRuns.isEmpty)
        #expect(report.tests.count == 11)
        #expect(report.tests.allSatisfy { $0.classification == .flaky })
        #expect(report.tests.first { $0.test == Self.steady[0] }?.signals.commitFlakes.map(\.commit) == ["same"])
    }

    @Test func smallRunWithMostTestsFailing_isNotAnOutage() throws {
        let fixture = try StoreFixture()
        let history = HistoryBuilder(fixture: fixture)
        try history.runs("r", tests: ["a": "PPFFFFFF", "b": "PPFFFFFF", "c": "PPPPPPPP"])
        let report = try history.flaky()
        #expect(report.window.outageRuns.isEmpty)
        #expect(report.tests.map(\.test) == ["a", "b"])
        #expect(report.tests.allSatisfy { $0.classification == .broken })
    }

    @Test func testsThatNeverFailed_areNotListed() throws {
        let fixture = try StoreFixture()
        let history = HistoryBuilder(fixture: fixture)
        try history.runs("r", tests: ["green": "PPPPPP", "skippy": "PSPSPS", "once": "PPFPPP"])
        let report = try history.flaky()
        #expect(report.tests.map(\.test) == ["once"])
        #expect(report.tests.first?.classification == .healthy)
    }

    @Test func runningRuns_areLeftOut_untilTheyFinish() throws {
        let fixture = try StoreFixture()
        let history = HistoryBuilder(fixture: fixture)
        try history.runs("r", tests: ["a": "PPPPP"])
        try history.run("r6", at: HistoryBuilder.start + 3 * HistoryBuilder.day, finish: false, HistoryBuilder.results("a", "F", message: "x"))
        var report = try history.flaky()
        #expect(report.tests.isEmpty)
        #expect(report.window.runningRuns == 1)
        try fixture.store.write(now: HistoryBuilder.start + 4 * HistoryBuilder.day) { _ = try $0.finishRun(project: "p", run: "r6") }
        report = try history.flaky()
        #expect(report.tests.map(\.test) == ["a"])
        #expect(report.window.runs == 6)
    }

    @Test func runsBeforeTheWindow_doNotCount() throws {
        let fixture = try StoreFixture()
        let history = HistoryBuilder(fixture: fixture)
        // Ten runs, 12 h apart: days=2 from the last run's time keeps the last five.
        try history.runs("r", tests: ["a": "RRRRRPPPPP"])
        let last = HistoryBuilder.start + 9 * 12 * HistoryBuilder.hour
        let recent = try history.flaky(days: 2, now: last)
        #expect(recent.window.runs == 5)
        #expect(recent.tests.isEmpty)
        let all = try history.flaky(days: 30, now: last)
        #expect(all.tests.first?.signals.retryCount == 5)
    }

    @Test func branchFilter_looksAtThatBranchOnly() throws {
        let fixture = try StoreFixture()
        let history = HistoryBuilder(fixture: fixture)
        try history.runs("m", tests: ["a": "PPPPPP"])
        try history.runs("f", branch: "feature", from: HistoryBuilder.start + HistoryBuilder.hour, tests: ["a": "FFFFFF"])
        let main = try history.flaky(branch: "main")
        #expect(main.tests.isEmpty && main.window.runs == 6)
        let feature = try history.flaky(branch: "feature")
        #expect(feature.tests.first?.classification == .broken)
        let all = try history.flaky()
        #expect(all.tests.first?.signals.flips == 0)
        #expect(all.tests.first?.classification != .flaky)
    }

    @Test func quarantinedTests_areMarked() throws {
        let fixture = try StoreFixture()
        let history = HistoryBuilder(fixture: fixture)
        try history.runs("r", tests: ["a": "PRPRPP", "b": "PRPRPP"])
        _ = try fixture.store.write(now: 1) { try $0.quarantine(project: "p", test: "a", reason: "known flaky") }
        let report = try history.flaky()
        #expect(report.tests.map(\.quarantined) == [true, false])
    }

    @Test func list_isOrderedByScore() throws {
        let fixture = try StoreFixture()
        let history = HistoryBuilder(fixture: fixture)
        try history.runs("r", tests: ["rare": "PPPPPPPPRP", "often": "RPRPRPRPRP", "broken": "FFFFFFFFFF", "once": "PPPPFPPPPP"])
        let report = try history.flaky()
        #expect(report.tests.map(\.test) == ["often", "rare", "broken", "once"])
        #expect(report.tests.map(\.score) == [0.5, 0.1, 0, 0])
        #expect(report.tests.map(\.classification) == [.flaky, .flaky, .broken, .healthy])
    }

    @Test func unknownProject_hasAnEmptyReport() throws {
        let fixture = try StoreFixture()
        let report = try HistoryBuilder(fixture: fixture, project: "nothing").flaky()
        #expect(report.tests.isEmpty && report.window.runs == 0)
    }
}
