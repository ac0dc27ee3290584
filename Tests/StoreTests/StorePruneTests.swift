import Foundation
import Reports
import Testing
@testable import Store

/// Retention and backup at the store level.
@Suite struct StorePruneTests {
    func fill(_ fixture: StoreFixture, run: String, tests: Int, now: Int64) throws {
        let results = (0..<tests).map { TestResult.make("\(run)/t\($0)", $0 % 3 == 0 ? .failed : .passed) }
        _ = try fixture.ingest(results, run: run, now: now)
    }

    @Test func prune_deletesFinishedRunsCreatedBeforeTheCutoff_inSmallSteps_andKeepsTheRest() throws {
        let fixture = try StoreFixture()
        try fill(fixture, run: "old", tests: 120, now: 1_000)
        try fill(fixture, run: "old-running", tests: 10, now: 1_000)
        try fill(fixture, run: "new", tests: 10, now: 9_000)
        _ = try fixture.store.write(now: 1_500) { try $0.finishRun(project: "p", run: "old") }
        _ = try fixture.store.write(now: 9_500) { try $0.finishRun(project: "p", run: "new") }
        let report = try fixture.store.prune(createdBefore: 5_000, batchSize: 25, now: 10_000)
        #expect(report.runsDeleted == 1)
        #expect(report.steps > 5, "one step per 25 rows")
        #expect(try fixture.store.run(project: "p", key: "old") == nil)
        #expect(try fixture.store.run(project: "p", key: "old-running") != nil, "running runs are kept")
        #expect(try fixture.store.run(project: "p", key: "new")?.attempts == 10)
        #expect(try fixture.store.integrityCheck() == "ok")
        // Tests only the pruned run had are gone too.
        let orphans = try fixture.store.read { try $0.queryOne("SELECT count(*) FROM tests WHERE key LIKE 'old/%'", map: { $0.int(0) }) }
        #expect(orphans == 0)
    }

    @Test func newDatabase_usesIncrementalVacuum_andPruneGivesPagesBack() throws {
        let fixture = try StoreFixture()
        let big = String(repeating: "x", count: 4000)
        _ = try fixture.store.write(now: 1_000) { try $0.ingest(project: "p", run: "big", results: (0..<300).map {
            TestResult(test: "t\($0)", status: .failed, message: big)
        }, defaultWorker: "w") }
        _ = try fixture.store.write(now: 1_000) { try $0.finishRun(project: "p", run: "big") }
        #expect(try fixture.store.read { try $0.queryOne("PRAGMA auto_vacuum", map: { $0.int(0) }) } == 2)
        let report = try fixture.store.prune(createdBefore: 2_000, now: 3_000)
        #expect(report.pagesReclaimed > 100)
        #expect(report.freePagesLeft == 0)
    }

    @Test func backup_isACheckedStandaloneCopy() throws {
        let fixture = try StoreFixture()
        try fill(fixture, run: "r", tests: 50, now: 1_000)
        let copy = fixture.directory.appendingPathComponent("copy.db").path
        let report = try Store.backup(databaseAt: fixture.path, to: copy)
        #expect(report.check == "ok" && report.pages > 0)
        let restored = try Store(path: copy, migrations: StoreFixture.migrations, now: 0)
        defer { restored.close() }
        #expect(try restored.run(project: "p", key: "r")?.attempts == 50)
    }
}
