import Reports
@testable import Store
import Testing

/// A project's history written through the writer run by run, as CI would post it. A test's
/// outcome in a run is one character: P passed, F failed, E error, S skipped, R failed then
/// passed on a retry, - absent.
struct HistoryBuilder {
    let fixture: StoreFixture
    var project = "p"
    var store: Store { fixture.store }

    static let hour: Int64 = 3_600_000
    static let day: Int64 = 86_400_000
    /// The first run starts here; `now` in the tests is after the last one.
    static let start: Int64 = 1_790_000_000_000

    /// One run: created with its branch and commit, its results posted, then finished.
    func run(
        _ key: String, branch: String? = "main", commit: String? = nil, at: Int64, finish: Bool = true, _ results: [TestResult]
    ) throws {
        try store.write(now: at) { writer in
            try writer.putRun(project: project, run: key, info: RunInfo(branch: branch, commit: commit ?? "c-\(key)", startedAt: at))
            _ = try writer.ingest(project: project, run: key, results: results, defaultWorker: "gw0")
        }
        if finish { try store.write(now: at + 60_000) { _ = try $0.finishRun(project: project, run: key) } }
    }

    /// Runs `prefix1`…`prefixN`, 12 hours apart from `from`, where N is the length of the
    /// outcome strings; `commits[i]` overrides run i's commit.
    @discardableResult
    func runs(
        _ prefix: String, branch: String? = "main", from: Int64 = HistoryBuilder.start, tests: KeyValuePairs<String, String>,
        commits: [Int: String] = [:], message: (String, Int) -> String = { _, _ in "AssertionError: boom" }
    ) throws -> [String] {
        try runs(prefix, branch: branch, from: from, tests: tests.map { ($0.key, $0.value) }, commits: commits, message: message)
    }

    @discardableResult
    func runs(
        _ prefix: String, branch: String? = "main", from: Int64 = HistoryBuilder.start, tests: [(String, String)],
        commits: [Int: String] = [:], message: (String, Int) -> String = { _, _ in "AssertionError: boom" }
    ) throws -> [String] {
        let count = tests.map(\.1.count).max() ?? 0
        return try (0..<count).map { i in
            let key = "\(prefix)\(i + 1)"
            let results = tests.flatMap { test, outcomes in
                Self.results(test, Array(outcomes)[i], message: message(test, i + 1))
            }
            try run(key, branch: branch, commit: commits[i + 1], at: from + Int64(i) * 12 * Self.hour, results)
            return key
        }
    }

    static func results(_ test: String, _ code: Character, message: String, durationMs: Int64? = nil) -> [TestResult] {
        func make(_ status: Status, attempt: Int = 1) -> TestResult {
            TestResult(test: test, status: status, attempt: attempt, durationMs: durationMs,
                       message: status.isFailure ? message : nil)
        }
        switch code {
        case "P": return [make(.passed)]
        case "F": return [make(.failed)]
        case "E": return [make(.error)]
        case "S": return [make(.skipped)]
        case "R": return [make(.failed), make(.passed, attempt: 2)]
        default: return []
        }
    }

    /// The flaky report as of just after the last run.
    func flaky(days: Int = 30, branch: String? = nil, minRuns: Int = 5, now: Int64 = HistoryBuilder.start + 20 * HistoryBuilder.day,
               model: FlakyModel = FlakyModel()) throws -> FlakyReport {
        try store.flaky(project: project, query: FlakyQuery(days: days, branch: branch, minRuns: minRuns, now: now), model: model)
    }
}

@Suite struct HistoryBuilderTests {
    @Test func outcomeStrings_becomeVerdicts() throws {
        let fixture = try StoreFixture()
        let history = HistoryBuilder(fixture: fixture)
        try history.runs("r", tests: ["a": "PFR", "b": "S-E"])
        let r3 = try #require(try fixture.store.run(project: "p", key: "r3"))
        #expect(r3.counts == VerdictCounts(error: 1, flaky: 1))
        #expect(r3.attempts == 3)
        #expect(r3.status == .failed && r3.info.branch == "main" && r3.info.commit == "c-r3")
        #expect(try fixture.store.run(project: "p", key: "r2")?.counts.total == 1)
    }
}
