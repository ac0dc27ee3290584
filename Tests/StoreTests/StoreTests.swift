import Reports
@testable import Store
import Testing

@Suite struct StoreTests {
    @Test func migrations_areAppliedOnceAndRecorded() throws {
        let fixture = try StoreFixture()
        #expect(fixture.store.appliedMigrations.map(\.version) == StoreFixture.migrations.map(\.version).sorted())
        fixture.store.close()
        let reopened = try Store(path: fixture.path, migrations: StoreFixture.migrations, now: 5)
        defer { reopened.close() }
        #expect(reopened.appliedMigrations.isEmpty)
        #expect(try reopened.integrityCheck() == "ok")
    }

    @Test func databaseNewerThanTheBuild_isRefused() throws {
        let fixture = try StoreFixture()
        fixture.store.close()
        #expect(throws: StoreError.self) {
            _ = try Store(path: fixture.path, migrations: [], now: 5)
        }
    }

    @Test func firstPost_createsProjectAndRun() throws {
        let fixture = try StoreFixture()
        let outcome = try fixture.ingest([.make("a"), .make("b", .failed)])
        #expect(outcome == IngestOutcome(accepted: 2, duplicates: 0, runCreated: true))
        let run = try #require(try fixture.store.run(project: "p", key: "r1"))
        #expect(run.counts.passed == 1 && run.counts.failed == 1 && run.counts.total == 2)
        #expect(run.status == .running)
        #expect(try fixture.store.projects().map(\.name) == ["p"])
    }

    @Test func duplicatePost_addsNothing() throws {
        let fixture = try StoreFixture()
        try fixture.ingest([.make("a"), .make("b")])
        let again = try fixture.ingest([.make("a"), .make("b"), .make("c")])
        #expect(again.accepted == 1 && again.duplicates == 2 && !again.runCreated)
        let run = try #require(try fixture.store.run(project: "p", key: "r1"))
        #expect(run.attempts == 3)
        #expect(run.workers.first?.results == 3)
    }

    @Test func retryThatPasses_isFlaky_whicheverOrderAttemptsArrive() throws {
        let fixture = try StoreFixture()
        try fixture.ingest([.make("a", .passed, attempt: 2)], run: "late-first")
        try fixture.ingest([.make("a", .failed, attempt: 1)], run: "late-first")
        try fixture.ingest([.make("a", .failed, attempt: 1), .make("a", .passed, attempt: 2)], run: "in-order")
        for key in ["late-first", "in-order"] {
            let run = try #require(try fixture.store.run(project: "p", key: key))
            #expect(run.counts.flaky == 1 && run.counts.total == 1 && run.attempts == 2)
        }
    }

    @Test func finishedRun_isFailedWhenAnyTestFailed() throws {
        let fixture = try StoreFixture()
        try fixture.ingest([.make("a"), .make("b", .error)])
        try fixture.ingest([.make("a")], run: "green")
        try fixture.store.write(now: 9_000) { try $0.finishRun(project: "p", run: "r1") }
        try fixture.store.write(now: 9_000) { try $0.finishRun(project: "p", run: "green") }
        #expect(try fixture.store.run(project: "p", key: "r1")?.status == .failed)
        #expect(try fixture.store.run(project: "p", key: "green")?.status == .passed)
        #expect(try fixture.store.run(project: "p", key: "green")?.finishedAt == 9_000)
        // A late failure into a finished run turns it red.
        try fixture.ingest([.make("z", .failed)], run: "green", now: 10_000)
        #expect(try fixture.store.run(project: "p", key: "green")?.status == .failed)
    }

    @Test func idleRuns_areFinishedAtTheirLastWrite() throws {
        let fixture = try StoreFixture()
        try fixture.ingest([.make("a")], run: "old", now: 1_000)
        try fixture.ingest([.make("a")], run: "fresh", now: 50_000)
        let finished = try fixture.store.write(now: 61_000) { try $0.finishIdleRuns(idleMs: 30_000) }
        #expect(finished == 1)
        let old = try #require(try fixture.store.run(project: "p", key: "old"))
        #expect(old.status == .passed && old.finishedAt == 1_000)
        #expect(try fixture.store.run(project: "p", key: "fresh")?.status == .running)
    }

    @Test func workers_haveCountsAndTimes() throws {
        let fixture = try StoreFixture()
        try fixture.ingest([.make("a", worker: "gw0", startedAt: 100, durationMs: 50), .make("b", worker: "gw1", startedAt: 120, durationMs: 10)])
        try fixture.ingest([.make("c", startedAt: 300, durationMs: 5)], worker: "gw1")
        let run = try #require(try fixture.store.run(project: "p", key: "r1"))
        #expect(run.workers == [
            WorkerSummary(name: "gw0", results: 1, firstAt: 100, lastAt: 150),
            WorkerSummary(name: "gw1", results: 2, firstAt: 120, lastAt: 305),
        ])
        #expect(run.startedAt == 100)
    }

    @Test func failingJob_failsAloneInItsGroup() throws {
        let fixture = try StoreFixture()
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try fixture.store.write(now: 1) { writer -> Void in
                _ = try writer.ingest(project: "p", run: "r1", results: [.make("a")], defaultWorker: "w")
                throw Boom()
            }
        }
        #expect(try fixture.store.run(project: "p", key: "r1") == nil)
        try fixture.ingest([.make("a")])
        #expect(try fixture.store.run(project: "p", key: "r1")?.counts.total == 1)
    }

    @Test func idempotencyKey_replaysTheFirstAnswer_andRefusesAnotherRequest() throws {
        let fixture = try StoreFixture()
        let key = IdempotencyKey(scope: "p", key: "k1", fingerprint: "f1")
        func post(_ key: IdempotencyKey, tests: [String]) throws -> (StoredAnswer, Bool) {
            try fixture.store.write(now: 5, idempotency: key) { writer in
                let outcome = try writer.ingest(project: "p", run: "r1", results: tests.map { .make($0) }, defaultWorker: "w")
                return StoredAnswer(status: 200, body: Array("\(outcome.accepted)".utf8))
            }
        }
        let first = try post(key, tests: ["a", "b"])
        let second = try post(key, tests: ["a", "b"])
        #expect(first.0 == second.0 && !first.1 && second.1)
        #expect(throws: StoreError.idempotencyConflict(key: "k1")) {
            _ = try post(IdempotencyKey(scope: "p", key: "k1", fingerprint: "other"), tests: ["c"])
        }
        #expect(try fixture.store.run(project: "p", key: "r1")?.counts.total == 2)
    }

    @Test func uploadKeys_liveAsLongAsTheirRun_otherKeysExpire() throws {
        let fixture = try StoreFixture()
        let upload = IdempotencyKey(scope: "p", key: "upload:abc", fingerprint: "abc", keptWithRun: ("p", "r1"))
        let plain = IdempotencyKey(scope: "p", key: "k", fingerprint: "f")
        for key in [upload, plain] {
            _ = try fixture.store.write(now: 10, idempotency: key) { writer in
                _ = try writer.ingest(project: "p", run: "r1", results: [.make(key.key)], defaultWorker: "w")
                return StoredAnswer(status: 200, body: [])
            }
        }
        let expired = try fixture.store.write(now: 100_000) { try $0.expireIdempotencyKeys(olderThanMs: 1000) }
        #expect(expired == 1)
        let replay = try fixture.store.write(now: 100_001, idempotency: upload) { _ in StoredAnswer(status: 500, body: []) }
        #expect(replay.replayed)
    }

    @Test func runsList_isNewestFirst_pagedAndFilteredByBranch() throws {
        let fixture = try StoreFixture()
        for i in 1...5 {
            try fixture.store.write(now: Int64(i)) { writer in
                try writer.putRun(project: "p", run: "r\(i)", info: RunInfo(branch: i % 2 == 0 ? "main" : "dev"))
            }
        }
        let first = try fixture.store.runs(project: "p", limit: 2)
        #expect(first.items.map(\.key) == ["r5", "r4"])
        let second = try fixture.store.runs(project: "p", limit: 2, before: first.next)
        #expect(second.items.map(\.key) == ["r3", "r2"])
        let third = try fixture.store.runs(project: "p", limit: 2, before: second.next)
        #expect(third.items.map(\.key) == ["r1"] && third.next == nil)
        #expect(try fixture.store.runs(project: "p", branch: "main", limit: 10).items.map(\.key) == ["r4", "r2"])
    }

    @Test func putRun_mergesFieldsAndAttributes() throws {
        let fixture = try StoreFixture()
        try fixture.store.write(now: 1) { try $0.putRun(project: "p", run: "r", info: RunInfo(name: "n", branch: "main", attributes: ["a": "1"])) }
        try fixture.store.write(now: 2) { try $0.putRun(project: "p", run: "r", info: RunInfo(commit: "abc", attributes: ["b": "2"])) }
        let run = try #require(try fixture.store.run(project: "p", key: "r"))
        #expect(run.info.name == "n" && run.info.branch == "main" && run.info.commit == "abc")
        #expect(run.info.attributes == ["a": "1", "b": "2"])
    }

    @Test func results_arePagedAndFilteredByStatus() throws {
        let fixture = try StoreFixture()
        try fixture.ingest((0..<7).map { .make("t\($0)", $0 % 3 == 0 ? .failed : .passed) })
        var seen: [String] = []
        var cursor: String?
        repeat {
            let page = try #require(try fixture.store.results(project: "p", run: "r1", limit: 3, after: cursor))
            seen += page.items.map(\.result.test)
            cursor = page.next
        } while cursor != nil
        #expect(seen == (0..<7).map { "t\($0)" })
        let failed = try #require(try fixture.store.results(project: "p", run: "r1", status: .failed, limit: 100))
        #expect(failed.items.map(\.result.test) == ["t0", "t3", "t6"])
        #expect(try fixture.store.results(project: "p", run: "nope", limit: 1) == nil)
    }

    @Test func fullDisk_failsTheWriteWithDiskFull_andReadsGoOn() throws {
        var options = StoreOptions()
        options.maxPageCount = 100
        let fixture = try StoreFixture(options: options)
        let big = String(repeating: "x", count: 3000)
        #expect(throws: StoreError.diskFull) {
            for i in 0..<1000 {
                try fixture.ingest([TestResult(test: "t\(i)", status: .failed, message: big)], run: "r\(i)")
            }
        }
        _ = try fixture.store.projects()
        #expect(try fixture.store.integrityCheck() == "ok")
    }

    @Test func tokens_areFoundByHashUntilRevoked() throws {
        let fixture = try StoreFixture()
        let id = try fixture.store.write(now: 1) { try $0.createToken(name: "ci", hash: [1, 2, 3], project: "p", canWrite: true) }
        #expect(try fixture.store.token(hash: [1, 2, 3])?.project == "p")
        #expect(try fixture.store.write(now: 2) { try $0.revokeToken(id: id) })
        #expect(try fixture.store.token(hash: [1, 2, 3]) == nil)
        #expect(try fixture.store.tokens().first?.revokedAt == 2)
    }
}
