import Dispatch
import Foundation
import Reports
import Store
import VerdictApp
import Testing

/// `kill -9` in the middle of a parallel ingest loses nothing that was acknowledged.
@Suite struct CrashSurvivalTests {
    @Test func killedMidIngest_keepsEveryAcknowledgedBatch() throws {
        let server = try ServerProcess()
        let acknowledged = Acknowledged()
        let stop = Flag()
        let group = DispatchGroup()
        for w in 0..<8 {
            DispatchQueue.global().async(group: group) {
                let api = APIClient(server)
                var b = 0
                while !stop.isSet {
                    let tests = (0..<50).map { "w\(w)/b\(b)/t\($0)" }
                    if let reply = try? api.post(run: "crash", worker: "gw\(w)", results: tests.map { result($0, "passed") }),
                       reply.status == 200 || reply.status == 201
                    {
                        acknowledged.add(tests)
                    }
                    b += 1
                    if b > 2000 { break }
                }
            }
        }
        // Kill at a moment nobody chose: once some batches are in, at a random extra delay.
        let deadline = Date().addingTimeInterval(60)
        while acknowledged.count < 2000, Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
        #expect(acknowledged.count >= 2000, "the posters stopped early")
        Thread.sleep(forTimeInterval: Double.random(in: 0...0.3))
        server.kill()
        stop.set()
        group.wait()

        try server.start()
        let api = APIClient(server)
        let stored = Set(try api.allResults(run: "crash").compactMap { $0["test"]?.string })
        let missing = acknowledged.all.subtracting(stored)
        #expect(missing.isEmpty, "\(missing.count) acknowledged results are missing, e.g. \(missing.prefix(3))")
        #expect(acknowledged.count >= 2000)
        server.terminate()

        let store = try Store(path: server.databasePath, migrations: shippedMigrations, now: 0)
        defer { store.close() }
        #expect(try store.integrityCheck() == "ok")
    }
}

final class Acknowledged: @unchecked Sendable {
    private let lock = NSLock()
    private var tests = Set<String>()
    func add(_ batch: [String]) { lock.withLock { tests.formUnion(batch) } }
    var all: Set<String> { lock.withLock { tests } }
    var count: Int { lock.withLock { tests.count } }
}

final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
