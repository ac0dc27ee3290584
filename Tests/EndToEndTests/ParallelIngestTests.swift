import Dispatch
import Foundation
import Reports
import Testing

/// Many workers posting into one run at once, as `pytest -n 16` would.
@Suite(.serialized) struct ParallelIngestTests {
    static let workers = 16, batches = 50, perBatch = 100

    /// Test i of batch b of worker w: the status cycles so every verdict appears in known numbers.
    static func batch(worker w: Int, batch b: Int) -> [JSONValue] {
        (0..<perBatch).map { i in
            let n = b * perBatch + i
            let status = ["passed", "passed", "passed", "failed", "error", "skipped"][n % 6]
            return result("tests/w\(w)/test_\(n).py::test_case", status)
        }
    }

    @Test func sixteenWorkers_landInOneRun_withExactCounts_andRepostsAddNothing() throws {
        let server = try ServerProcess()
        let failures = Failures()
        let accepted = Counter()
        DispatchQueue.concurrentPerform(iterations: Self.workers) { w in
            let api = APIClient(server)
            for b in 0..<Self.batches {
                do {
                    let reply = try api.post(run: "build-1", worker: "gw\(w)", results: Self.batch(worker: w, batch: b))
                    guard reply.status == 200 || reply.status == 201 else { failures.add("gw\(w) batch \(b): \(reply.status) \(reply.text)"); continue }
                    accepted.add(reply.json["accepted"]?.number.map(Int.init) ?? -1)
                } catch {
                    failures.add("gw\(w) batch \(b): \(error)")
                }
            }
        }
        #expect(failures.all.isEmpty, "\(failures.all.prefix(5))")
        #expect(accepted.value == 80_000)

        let api = APIClient(server)
        let run = try api.get("/api/v1/projects/demo/runs/build-1").json
        #expect(run["attempts"] == 80_000)
        #expect(run["counts"]?["total"] == 80_000)
        // n % 6 over 0..<5000 per worker: 0,1,2 passed; 3 failed; 4 error; 5 skipped.
        let expected = Self.expectedCounts()
        #expect(run["counts"]?["passed"]?.number == Double(expected["passed"]!))
        #expect(run["counts"]?["failed"]?.number == Double(expected["failed"]!))
        #expect(run["counts"]?["error"]?.number == Double(expected["error"]!))
        #expect(run["counts"]?["skipped"]?.number == Double(expected["skipped"]!))
        let workers = run["workers"]?.array ?? []
        #expect(workers.count == 16)
        #expect(workers.allSatisfy { $0["results"] == 5000 })
        #expect(Set(workers.compactMap { $0["name"]?.string }) == Set((0..<16).map { "gw\($0)" }))

        // The same batches again, in parallel: nothing new.
        let duplicates = Counter()
        DispatchQueue.concurrentPerform(iterations: Self.workers) { w in
            let api = APIClient(server)
            for b in 0..<Self.batches {
                if let reply = try? api.post(run: "build-1", worker: "gw\(w)", results: Self.batch(worker: w, batch: b)) {
                    duplicates.add(reply.json["duplicates"]?.number.map(Int.init) ?? 0)
                    if reply.json["accepted"] != 0 { failures.add("repost accepted \(reply.text)") }
                }
            }
        }
        #expect(duplicates.value == 80_000)
        #expect(failures.all.isEmpty)
        #expect(try api.get("/api/v1/projects/demo/runs/build-1").json["attempts"] == 80_000)
        #expect(try api.allResults(run: "build-1").count == 80_000)
    }

    static func expectedCounts() -> [String: Int] {
        var counts: [String: Int] = [:]
        for w in 0..<workers {
            for b in 0..<batches {
                for case .object(let members) in batch(worker: w, batch: b) {
                    let status = members.first { $0.0 == "status" }!.1.string!
                    counts[status, default: 0] += 1
                }
            }
        }
        return counts
    }
}

/// Thread-safe collectors for concurrent test loops.
final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [String] = []
    func add(_ message: String) { lock.withLock { messages.append(message) } }
    var all: [String] { lock.withLock { messages } }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var total = 0
    func add(_ n: Int) { lock.withLock { total += n } }
    var value: Int { lock.withLock { total } }
}
