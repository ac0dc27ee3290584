import Dispatch
import Foundation
import Reports
import Store
import Testing
import VerdictApp

/// Ten cycles of: parallel ingest (native posts, JUnit uploads and a ReportPortal agent at once), `kill -9` at a
/// random moment, restart. Clients retry what was not acknowledged with the same
/// `Idempotency-Key` (JUnit: the same report, whose hash is its key). At the end every
/// acknowledged result is stored exactly once and the database passes `PRAGMA integrity_check`.
@Suite struct CrashLoopTests {
    /// A post that was sent but not answered: retried after the restart.
    struct Pending: Sendable {
        let run: String
        let tests: [String]
        let key: String
        let junit: Bool
        /// A ReportPortal item whose start was answered but whose finish was not: `(launch, item)`.
        var rpItem: (launch: String, item: String)? = nil
    }

    final class Ledger: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var acknowledged = Set<String>()
        private(set) var pending: [Pending] = []
        func acknowledge(_ tests: [String]) { lock.withLock { acknowledged.formUnion(tests) } }
        func remember(_ post: Pending) { lock.withLock { pending.append(post) } }
        func takePending() -> [Pending] { lock.withLock { defer { pending = [] }; return pending } }
        var count: Int { lock.withLock { acknowledged.count } }
        private(set) var launches = Set<String>()
        func addReportPortalLaunch(_ launch: String) { lock.withLock { _ = launches.insert(launch) } }
    }

    static func junit(_ tests: [String]) -> [UInt8] {
        Array(("<testsuite name=\"crash\">" + tests.map { "<testcase classname=\"loop\" name=\"\($0)\"/>" }.joined() + "</testsuite>").utf8)
    }

    static func send(_ api: APIClient, _ post: Pending) throws -> APIClient.Reply {
        if let rp = post.rpItem {
            return try api.send("PUT", "/api/v2/loop/item/\(rp.item)", json: ["endTime": "1795840000500", "launchUuid": .string(rp.launch), "status": "PASSED"])
        }
        if post.junit {
            return try api.send("POST", "/api/v1/projects/loop/runs/\(post.run)/junit?worker=junit", body: junit(post.tests),
                                headers: [("Content-Type", "application/xml")])
        }
        return try api.post(project: "loop", run: post.run, worker: "gw", results: post.tests.map { result($0, "passed") },
                            headers: [("Idempotency-Key", post.key)])
    }

    @Test func tenKillCycles_loseNothingAcknowledged_andDuplicateNothing() throws {
        let server = try ServerProcess()
        let ledger = Ledger()
        var retried = 0
        for cycle in 0..<10 {
            if cycle > 0 { try server.start() }
            // Retries first: whatever the last cycle sent without an answer.
            let api = APIClient(server)
            for post in ledger.takePending() {
                let reply = try Self.send(api, post)
                #expect(reply.status == 200 || reply.status == 201, "\(reply.text)")
                ledger.acknowledge(post.tests)
                retried += 1
            }
            let stop = Flag()
            let group = DispatchGroup()
            DispatchQueue.global().async(group: group) { Self.reportPortalClient(server, cycle: cycle, ledger: ledger, stop: stop) }
            for client in 0..<4 {
                DispatchQueue.global().async(group: group) {
                    let api = APIClient(server)
                    var b = 0
                    while !stop.isSet && b < 500 {
                        let junit = client == 3
                        let run = "run-\(cycle % 3)"
                        let tests = (0..<(junit ? 30 : 20)).map { "c\(cycle)/w\(client)/b\(b)/t\($0)" }
                        let post = Pending(run: run, tests: tests, key: "c\(cycle)-w\(client)-b\(b)", junit: junit)
                        if let reply = try? Self.send(api, post), reply.status == 200 || reply.status == 201 {
                            ledger.acknowledge(tests)
                        } else {
                            ledger.remember(post)
                            break
                        }
                        b += 1
                    }
                }
            }
            let before = ledger.count
            let deadline = Date().addingTimeInterval(10)
            while ledger.count < before + 200 && Date() < deadline { Thread.sleep(forTimeInterval: 0.002) }
            Thread.sleep(forTimeInterval: Double.random(in: 0...0.25))
            server.kill()
            stop.set()
            group.wait()
            let store = try Store(path: server.databasePath, migrations: shippedMigrations, now: 0)
            #expect(try store.integrityCheck() == "ok", "cycle \(cycle)")
            store.close()
        }
        try server.start()
        let api = APIClient(server)
        for post in ledger.takePending() {
            #expect([200, 201].contains(try Self.send(api, post).status))
            ledger.acknowledge(post.tests)
            retried += 1
        }
        var stored: [String: Int] = [:]
        for run in 0..<3 {
            for item in try api.allResults(project: "loop", run: "run-\(run)") {
                if let test = item["test"]?.string { stored[test.replacingOccurrences(of: "loop::", with: ""), default: 0] += 1 }
            }
        }
        for launch in ledger.launches {
            for item in try api.allResults(project: "loop", run: launch) {
                guard let test = item["test"]?.string else { continue }
                // The stored key is derived from the codeRef; the acknowledged name is its tail.
                let key = test.range(of: "rp/").map { String(test[$0.lowerBound...]) } ?? test
                stored[key, default: 0] += 1
            }
        }
        let present = ledger.acknowledged.filter { stored[$0] != nil }.count
        let duplicated = stored.values.filter { $0 > 1 }.count
        let summary = "crash loop: 10 kill -9 cycles (native, JUnit and ReportPortal at once), \(ledger.acknowledged.count) results acknowledged, \(present) present, \(duplicated) duplicated, \(retried) posts retried after a kill"
        print(summary)
        CrashLoopTests.record(summary)
        #expect(present == ledger.acknowledged.count, "missing: \(ledger.acknowledged.filter { stored[$0] == nil }.prefix(5))")
        #expect(duplicated == 0, "\(stored.filter { $0.value > 1 }.prefix(5))")
        server.terminate()
        let store = try Store(path: server.databasePath, migrations: shippedMigrations, now: 0)
        defer { store.close() }
        #expect(try store.integrityCheck() == "ok")
    }

    /// A ReportPortal agent: its own launch per cycle, one item after another (start, finish).
    /// An item counts as acknowledged once its finish is answered; a finish cut off by the kill
    /// is sent again after the restart (finishing twice changes nothing).
    static func reportPortalClient(_ server: ServerProcess, cycle: Int, ledger: Ledger, stop: Flag) {
        let api = APIClient(server)
        guard let launch = try? api.send("POST", "/api/v2/loop/launch", json: ["name": .string("rp-\(cycle)"), "startTime": "1795840000000"]).json["id"]?.string else { return }
        var b = 0
        while !stop.isSet && b < 500 {
            let name = "rp/c\(cycle)/b\(b)"
            guard let item = try? api.send("POST", "/api/v2/loop/item", json: [
                "name": .string(name), "type": "STEP", "launchUuid": .string(launch), "startTime": "1795840000100", "codeRef": .string(name),
            ]).json["id"]?.string else { return }
            let post = Pending(run: launch, tests: [name], key: "", junit: false, rpItem: (launch, item))
            guard let reply = try? send(api, post), reply.json["message"]?.string != nil else {
                ledger.remember(post)
                return
            }
            ledger.acknowledge([name])
            ledger.addReportPortalLaunch(launch)
            b += 1
        }
    }

    /// Appends a line to `$VERDICT_TEST_OUTPUT/hardening.txt` when that is set.
    static func record(_ line: String) {
        guard let folder = ProcessInfo.processInfo.environment["VERDICT_TEST_OUTPUT"] else { return }
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/hardening.txt"
        if !FileManager.default.fileExists(atPath: path) { FileManager.default.createFile(atPath: path, contents: nil) }
        if let handle = FileHandle(forWritingAtPath: path) {
            handle.seekToEndOfFile()
            handle.write(Data((line + "\n").utf8))
            handle.closeFile()
        }
    }
}
