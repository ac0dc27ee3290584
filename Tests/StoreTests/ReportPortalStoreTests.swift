import Reports
import Testing
@testable import Store

/// The RP writes against a real database: identity, disorder, duplicates, crashes.
@Suite struct ReportPortalStoreTests {
    let fixture: StoreFixture
    let project = "demo"

    init() throws { fixture = try StoreFixture() }

    // MARK: Helpers

    @discardableResult
    func launch(_ uuid: String = "L1", name: String = "suite", rerun: Bool = false, rerunOf: String? = nil,
                attributes: [RPAttribute] = [], now: Int64 = 1_000) throws -> RPLaunchStarted {
        try fixture.store.write(now: now) {
            try $0.startRPLaunch(project: project, RPLaunchStart(
                uuid: uuid, name: name, startTime: 1_000, attributes: attributes, rerun: rerun, rerunOf: rerunOf,
                fingerprint: "launch-\(uuid)-\(rerun)-\(rerunOf ?? "")-\(now)"))
        }
    }

    @discardableResult
    func start(_ uuid: String, _ name: String, parent: String? = nil, launch: String? = "L1", type: String = "STEP",
               codeRef: String? = nil, hasStats: Bool = true, retryOf: String? = nil, at time: Int64 = 1_100) throws -> RPItemStartOutcome {
        try fixture.store.write(now: time) {
            try $0.startRPItem(project: project, RPItemStart(
                uuid: uuid, parentUUID: parent, launchUUID: launch, type: type, name: name,
                codeRef: codeRef ?? (type == "STEP" && hasStats ? "tests/test_x.py:\(name)" : nil), hasStats: hasStats,
                retry: retryOf != nil, retryOf: retryOf, startTime: time, fingerprint: "item-\(uuid)"))
        }
    }

    @discardableResult
    func finish(_ uuid: String, _ status: String?, at time: Int64 = 1_200) throws -> RPItemFinishOutcome {
        try fixture.store.write(now: time) { try $0.finishRPItem(project: project, uuid: uuid, RPItemFinish(endTime: time, status: status)) }
    }

    @discardableResult
    func finishLaunch(_ uuid: String = "L1", at time: Int64 = 5_000) throws -> Int64? {
        try fixture.store.write(now: time) { try $0.finishRPLaunch(project: project, uuid: uuid, RPLaunchFinish(endTime: time)) }?.number
    }

    func log(_ item: String?, _ level: String, _ message: String, id: String, attachment: RPAttachmentUpload? = nil) throws -> [RPLogOutcome] {
        try fixture.store.write(now: 9_000) {
            try $0.storeRPLogs(project: project, [RPLogEntry(
                launchUUID: "L1", itemUUID: item, time: 1_150, level: level, message: message, attachment: attachment, fingerprint: id)])
        }
    }

    func run(_ key: String = "L1") throws -> RunSummary { try #require(try fixture.store.run(project: project, key: key)) }

    func results(_ key: String = "L1") throws -> [TestResult] {
        try #require(try fixture.store.results(project: project, run: key, limit: 1000)).items.map(\.result)
    }

    // MARK: Launches

    @Test func launchStart_makesARunKeyedByTheLaunchUUID() throws {
        let started = try launch(attributes: [RPAttribute(key: "branch", value: "main"), RPAttribute(key: "commit", value: "abc")])
        #expect(started.uuid == "L1")
        #expect(started.created)
        let run = try run()
        #expect(run.info.name == "suite")
        #expect(run.info.branch == "main")
        #expect(run.info.commit == "abc")
        #expect(run.startedAt == 1_000)
        #expect(run.status == .running)
    }

    @Test func sameLaunchStartTwice_answersTheSameLaunch() throws {
        let first = try launch("L1")
        let again = try fixture.store.write(now: 1_000) {
            try $0.startRPLaunch(project: project, RPLaunchStart(uuid: "L2", name: "suite", startTime: 1_000, fingerprint: "launch-L1-false--1000"))
        }
        #expect(again.uuid == first.uuid)
        #expect(!again.created)
        #expect(try fixture.store.runs(project: project, limit: 10).items.count == 1)
    }

    @Test func launchFinish_usesTheClientsEndTime_andIsIdempotent() throws {
        try launch()
        try start("a", "test_a")
        try finish("a", "FAILED")
        #expect(try finishLaunch(at: 4_000) != nil)
        #expect(try finishLaunch(at: 7_000) != nil)
        let run = try run()
        #expect(run.finishedAt == 4_000)
        #expect(run.status == .failed)
        #expect(try finishLaunch("nope") == nil)
    }

    // MARK: Items

    @Test func countedItems_becomeResults_suitesAndNestedStepsDoNot() throws {
        try launch()
        try start("s", "tests/test_x.py", type: "SUITE")
        try start("a", "test_a", parent: "s")
        try start("n", "nested", parent: "a", type: "STEP", hasStats: false)
        try finish("n", "PASSED")
        try finish("a", "PASSED")
        try finish("s", nil)
        let stored = try results()
        #expect(stored.map(\.test) == ["tests/test_x.py::test_a"])
        #expect(stored[0].durationMs == 100)
        #expect(stored[0].startedAt == 1_100)
        #expect(try fixture.store.rpItem(project: project, uuid: "s")?.status == "PASSED")
        #expect(try run().counts == VerdictCounts(passed: 1))
    }

    @Test func sameItemStartTwice_isOneItem() throws {
        try launch()
        #expect(try start("a", "test_a") == .started(uuid: "a"))
        let again = try fixture.store.write(now: 1) {
            try $0.startRPItem(project: project, RPItemStart(uuid: "b", launchUUID: "L1", name: "test_a", fingerprint: "item-a"))
        }
        #expect(again == .duplicate(uuid: "a"))
    }

    @Test func duplicateFinish_addsNothing() throws {
        try launch()
        try start("a", "test_a")
        #expect(try finish("a", "PASSED") == .finished(status: "PASSED", storedResults: 1))
        #expect(try finish("a", "FAILED") == .alreadyFinished(status: "PASSED"))
        #expect(try run().attempts == 1)
        #expect(try results().map(\.status) == [.passed])
    }

    @Test func itemsOfAnUnknownLaunch_createTheRun() throws {
        try start("a", "test_a", launch: "99999999-8888")
        try finish("a", "PASSED")
        #expect(try run("99999999-8888").counts.passed == 1)
    }

    @Test func itemWithoutLaunch_isRefused_unlessItsParentKnowsOne() throws {
        #expect(try start("a", "test_a", launch: nil) == .noLaunch)
        try launch()
        try start("s", "suite", type: "SUITE")
        #expect(try start("b", "test_b", parent: "s", launch: nil) == .started(uuid: "b"))
    }

    @Test func unknownParent_isKept_andTheItemCountsAsARoot() throws {
        try launch()
        try start("a", "test_a", parent: "aaaaaaaa-bbbb")
        try finish("a", "PASSED")
        #expect(try fixture.store.rpItem(project: project, uuid: "a")?.parentUUID == "aaaaaaaa-bbbb")
        #expect(try results().count == 1)
    }

    @Test func parentFinishedBeforeItsChildren_derivesItsStatusAgain() throws {
        try launch()
        try start("s", "suite", type: "SUITE")
        try start("a", "test_a", parent: "s")
        try start("b", "test_b", parent: "s")
        try finish("a", "PASSED")
        try finish("s", nil)
        #expect(try fixture.store.rpItem(project: project, uuid: "s")?.status == "PASSED")
        try finish("b", "FAILED")
        #expect(try fixture.store.rpItem(project: project, uuid: "s")?.status == "FAILED")
    }

    @Test func retryItems_becomeAttempts_andAFailThenPassIsFlaky() throws {
        try launch()
        try start("a1", "test_a")
        try finish("a1", "FAILED")
        try start("a2", "test_a", retryOf: "a1", at: 1_300)
        try finish("a2", "PASSED", at: 1_400)
        #expect(try results().map { "\($0.test)#\($0.attempt) \($0.status)" } == ["tests/test_x.py::test_a#1 failed", "tests/test_x.py::test_a#2 passed"])
        #expect(try run().counts == VerdictCounts(flaky: 1))
    }

    // MARK: Crashes and disorder

    @Test func itemNeverFinished_isInterruptedWhenTheLaunchFinishes() throws {
        try launch()
        try start("a", "test_a")
        try start("s", "suite", type: "SUITE")
        try finishLaunch(at: 3_000)
        let stored = try results()
        #expect(stored.map(\.status) == [.error])
        #expect(stored[0].attributes["rp.status"] == "INTERRUPTED")
        #expect(stored[0].message?.hasPrefix("interrupted") == true)
        #expect(try fixture.store.rpItem(project: project, uuid: "s")?.status == "INTERRUPTED")
        #expect(try run().status == .failed)
    }

    @Test func finishArrivingAfterTheLaunchFinish_replacesTheInterruptedOutcome() throws {
        try launch()
        try start("a", "test_a")
        try start("b", "test_b")
        try finish("b", "PASSED")
        try finishLaunch(at: 3_000)
        #expect(try run().counts == VerdictCounts(passed: 1, error: 1))
        try finish("a", "PASSED", at: 2_000)
        let run = try run()
        #expect(run.counts == VerdictCounts(passed: 2))
        #expect(run.attempts == 2)
        #expect(run.status == .passed)
        #expect(try results().map(\.status) == [.passed, .passed])
        #expect(try finish("a", "FAILED") == .alreadyFinished(status: "PASSED"))
    }

    @Test func runEndingWithoutALaunchFinish_canCloseItsOpenItems() throws {
        try start("a", "test_a", launch: "shard-1")
        let runID = try fixture.store.write(now: 1) { try $0.finishIdleRuns(idleMs: -10_000) }
        #expect(runID == 1)
        try fixture.store.write(now: 9_000) { writer in
            let id = try #require(try writer.connection.queryOne("SELECT id FROM runs WHERE key = 'shard-1'", map: { $0.int(0) }))
            try writer.closeOpenRPItems(runID: id, at: 8_000)
        }
        #expect(try results("shard-1").map(\.status) == [.error])
        #expect(try run("shard-1").status == .failed)
    }

    @Test func itemsAfterTheLaunchFinish_stillCount() throws {
        try launch()
        try finishLaunch(at: 3_000)
        try start("a", "test_a", at: 3_100)
        try finish("a", "FAILED", at: 3_200)
        #expect(try run().status == .failed)
    }

    // MARK: Reruns

    @Test func launchRerun_reusesTheRun_andMatchingTestsBecomeNewAttempts() throws {
        try launch("L1", name: "nightly")
        try start("a1", "test_a")
        try finish("a1", "FAILED")
        try finishLaunch()
        let rerun = try launch("L2", name: "nightly", rerun: true, now: 6_000)
        #expect(rerun.uuid == "L1")
        #expect(try run().status == .running)
        try start("a2", "test_a", launch: rerun.uuid, at: 6_100)
        try finish("a2", "PASSED", at: 6_200)
        try finishLaunch(at: 7_000)
        #expect(try results().map(\.attempt) == [1, 2])
        #expect(try run().counts == VerdictCounts(flaky: 1))
        #expect(try run().status == .passed)
    }

    @Test func rerunOfAnUnknownLaunch_createsItUnderThatID() throws {
        let rerun = try launch("new", rerun: true, rerunOf: "11111111-2222")
        #expect(rerun.uuid == "11111111-2222")
    }

    // MARK: Logs

    @Test func errorLogArrivingAfterTheFinish_becomesTheFailureMessage() throws {
        try launch()
        try start("a", "test_a")
        try finish("a", "FAILED")
        _ = try log("a", "ERROR", "def test_a():\n>   assert 1 == 2\nE   assert 1 == 2\n\nt.py:3: AssertionError", id: "l1")
        let stored = try results()
        #expect(stored[0].message == "assert 1 == 2")
        #expect(stored[0].trace?.contains("t.py:3") == true)
    }

    @Test func errorLogArrivingBeforeTheFinish_becomesTheFailureMessage() throws {
        try launch()
        try start("a", "test_a")
        _ = try log("a", "ERROR", "E   ValueError: boom", id: "l1")
        try finish("a", "FAILED")
        #expect(try results()[0].message == "ValueError: boom")
    }

    @Test func errorLogsOfAPassingTest_leaveItAlone() throws {
        try launch()
        try start("a", "test_a")
        try finish("a", "PASSED")
        _ = try log("a", "ERROR", "E   AssertionError: first attempt", id: "l1")
        #expect(try results()[0].message == nil)
    }

    @Test func sameLogEntryTwice_isStoredOnce_withItsAttachment() throws {
        try launch()
        try start("a", "test_a")
        let file = RPAttachmentUpload(name: "notes.txt", contentType: "text/plain", size: 5, bytes: Array("hello".utf8))
        let first = try log("a", "INFO", "attaching", id: "l1", attachment: file)
        let second = try log("a", "INFO", "attaching", id: "l1", attachment: file)
        guard case .stored(let id) = first[0] else { Issue.record("not stored"); return }
        #expect(second == [.duplicate(id: id)])
        let logs = try #require(try fixture.store.runLogs(project: project, run: "L1", limit: 10)).items
        #expect(logs.count == 1)
        let attachment = try #require(logs[0].attachment)
        #expect(try fixture.store.attachment(project: project, id: attachment.id)?.bytes == Array("hello".utf8))
        #expect(try fixture.store.attachment(project: "other", id: attachment.id) == nil)
    }

    @Test func logsOfNestedSteps_belongToTheirTest() throws {
        try launch()
        try start("a", "test_a")
        try start("n", "nested", parent: "a", hasStats: false)
        _ = try log("n", "INFO", "inside", id: "l1")
        _ = try log(nil, "INFO", "launch level", id: "l2")
        let ofTest = try #require(try fixture.store.runLogs(project: project, run: "L1", test: "tests/test_x.py::test_a", limit: 10)).items
        #expect(ofTest.map(\.message) == ["inside"])
        #expect(ofTest[0].item == "nested")
        #expect(ofTest[0].attempt == 1)
        let all = try #require(try fixture.store.runLogs(project: project, run: "L1", limit: 10)).items
        #expect(Set(all.map(\.message)) == ["inside", "launch level"])
    }

    @Test func logWithoutLaunchOrKnownItem_isDropped() throws {
        let outcome = try fixture.store.write(now: 1) {
            try $0.storeRPLogs(project: project, [RPLogEntry(launchUUID: nil, itemUUID: "ghost", time: 1, level: "INFO", message: "m", fingerprint: "f")])
        }
        #expect(outcome == [.noLaunch])
    }

    @Test func runLogs_arePaged() throws {
        try launch()
        for i in 0..<5 { _ = try log(nil, "INFO", "line \(i)", id: "l\(i)") }
        let first = try #require(try fixture.store.runLogs(project: project, run: "L1", limit: 2))
        #expect(first.items.count == 2)
        let second = try #require(try fixture.store.runLogs(project: project, run: "L1", limit: 10, after: first.next))
        #expect(second.items.count == 3)
        #expect(Set(first.items.map(\.id)).isDisjoint(with: second.items.map(\.id)))
        #expect(try fixture.store.runLogs(project: project, run: "nope", limit: 2) == nil)
    }

    // MARK: Lanes

    @Test func lanes_packTestsThatNeverOverlap() throws {
        try launch()
        // Two workers: a1 [1000, 1100] then a2 [1100, 1300]; b1 [1050, 1250].
        try start("a1", "test_a1", at: 1_000)
        try start("b1", "test_b1", at: 1_050)
        try finish("a1", "PASSED", at: 1_100)
        try start("a2", "test_a2", at: 1_100)
        try finish("b1", "PASSED", at: 1_250)
        try finish("a2", "PASSED", at: 1_300)
        let workers = try run().workers
        #expect(workers.map(\.name) == ["rp-1", "rp-2"])
        #expect(workers.map(\.results) == [2, 1])
    }
}
