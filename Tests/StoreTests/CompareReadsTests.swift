import Reports
@testable import Store
import Testing

/// A run against its base: each test lands in the list its two verdicts say.
@Suite struct CompareReadsTests {
    static func compared(_ outcome: Store.Comparison) throws -> RunComparison {
        guard case .compared(let comparison) = outcome else { throw CompareError.notCompared(outcome) }
        return comparison
    }

    enum CompareError: Error { case notCompared(Store.Comparison) }

    @Test func everyChange_landsInItsList() throws {
        let fixture = try StoreFixture()
        try HistoryBuilder(fixture: fixture).runs("r", tests: [
            "broke": "PF", "broke_error": "PE", "fixed": "FP", "fixed_on_retry": "ER", "still": "FF", "still_error": "EF",
            "green": "PP", "retried": "PR", "added": "-P", "added_failing": "-F", "gone": "P-", "skipped_now": "FS",
            "skipped_before": "SF",
        ])
        let c = try Self.compared(try fixture.store.compare(project: "p", run: "r2"))
        #expect(c.run == "r2" && c.base == "r1")
        #expect(c.newFailures == ["added_failing", "broke", "broke_error", "skipped_before"])
        #expect(c.fixed == ["fixed", "fixed_on_retry"])
        #expect(c.stillFailing == ["still", "still_error"])
        #expect(c.newTests == ["added", "added_failing"])
        #expect(c.removedTests == ["gone"])
        #expect(c.flaky == ["fixed_on_retry", "retried"])
    }

    @Test func defaultBase_isThePreviousFinishedRunOnTheSameBranch() throws {
        let fixture = try StoreFixture()
        let history = HistoryBuilder(fixture: fixture)
        let t = HistoryBuilder.start
        try history.run("main-1", branch: "main", at: t, HistoryBuilder.results("a", "P", message: ""))
        try history.run("dev-1", branch: "dev", at: t + 1, HistoryBuilder.results("a", "F", message: "x"))
        try history.run("main-2", branch: "main", at: t + 2, finish: false, HistoryBuilder.results("a", "F", message: "x"))
        try history.run("main-3", branch: "main", at: t + 3, HistoryBuilder.results("a", "F", message: "x"))
        #expect(try Self.compared(try fixture.store.compare(project: "p", run: "main-3")).base == "main-1")
        #expect(try Self.compared(try fixture.store.compare(project: "p", run: "main-3")).newFailures == ["a"])
        #expect(try Self.compared(try fixture.store.compare(project: "p", run: "main-3", base: "main-2")).stillFailing == ["a"])
    }

    @Test func firstRun_hasNoBase_andEverythingIsNew() throws {
        let fixture = try StoreFixture()
        try HistoryBuilder(fixture: fixture).runs("r", tests: ["a": "P", "b": "F"])
        let c = try Self.compared(try fixture.store.compare(project: "p", run: "r1"))
        #expect(c.base == nil)
        #expect(c.newTests == ["a", "b"] && c.newFailures == ["b"])
        #expect(c.durationChangeMs == nil)
    }

    @Test func unknownRunOrBase_isSaid() throws {
        let fixture = try StoreFixture()
        try HistoryBuilder(fixture: fixture).runs("r", tests: ["a": "P"])
        #expect(try fixture.store.compare(project: "p", run: "nope") == .noRun)
        #expect(try fixture.store.compare(project: "p", run: "r1", base: "nope") == .noBase)
    }

    @Test func durationChanges_listNotablySlowerAndFasterTests() throws {
        let fixture = try StoreFixture()
        let history = HistoryBuilder(fixture: fixture)
        func results(_ durations: [String: Int64]) -> [TestResult] {
            durations.map { TestResult(test: $0.key, status: .passed, durationMs: $0.value) }
        }
        try history.run("r1", at: HistoryBuilder.start, results(["slow": 100, "fast": 2000, "jitter": 10, "same": 500]))
        try history.store.write(now: HistoryBuilder.start + 60_000) { _ = try $0.finishRun(project: "p", run: "r1") }
        try history.run("r2", at: HistoryBuilder.start + HistoryBuilder.day, results(["slow": 900, "fast": 300, "jitter": 40, "same": 520]))
        let c = try Self.compared(try fixture.store.compare(project: "p", run: "r2"))
        #expect(c.slower == [DurationChange(test: "slow", durationMs: 900, baseDurationMs: 100)])
        #expect(c.faster == [DurationChange(test: "fast", durationMs: 300, baseDurationMs: 2000)])
        #expect(c.durationMs == 60_000 && c.baseDurationMs == 60_000 && c.durationChangeMs == 0)
    }
}
