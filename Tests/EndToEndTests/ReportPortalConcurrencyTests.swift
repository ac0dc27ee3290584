import Dispatch
import Foundation
import Reports
import Testing

/// Many RP "workers" (one keep-alive connection each, like xdist processes) reporting into one
/// launch at once, with repeated finishes, logs after the finish and a worker that dies.
@Suite(.serialized) struct ReportPortalConcurrencyTests {
    static let workers = 8, testsPerWorker = 40

    @Test func manyWorkersInOneLaunch_loseNothing_andDoubleNothing() throws {
        let server = try ServerProcess()
        let api = APIClient(server)
        let launch = try #require(try api.send("POST", "/api/v2/demo/launch", json: [
            "name": "parallel", "startTime": "2026-11-28T04:35:28.355472+0000", "attributes": [["key": "branch", "value": "main"]],
        ]).json["id"]?.string)
        let problems = RPProblems()
        DispatchQueue.concurrentPerform(iterations: Self.workers) { w in
            let client = APIClient(server)
            var logs: [JSONValue] = []
            for t in 0..<Self.testsPerWorker {
                let start = 1_795_840_000_000 + Int64(w * 100_000 + t * 100)
                do {
                    let started = try client.send("POST", "/api/v2/demo/item", json: [
                        "name": .string("tests/w\(w)/test_m.py::test_\(t)"), "type": "STEP", "launchUuid": .string(launch),
                        "startTime": .string(String(start)), "codeRef": .string("tests/w\(w)/test_m.py:test_\(t)"), "hasStats": true,
                    ])
                    guard let item = started.json["id"]?.string else { problems.add("start \(w)/\(t): \(started.text)"); continue }
                    // The dying worker leaves its last test open.
                    if w == 0 && t == Self.testsPerWorker - 1 { continue }
                    let status = t % 4 == 3 ? "FAILED" : t % 4 == 2 ? "SKIPPED" : "PASSED"
                    let finish: JSONValue = ["endTime": .string(String(start + 50)), "launchUuid": .string(launch), "status": .string(status)]
                    for _ in 0..<(t % 5 == 0 ? 2 : 1) {
                        let finished = try client.send("PUT", "/api/v2/demo/item/\(item)", json: finish)
                        if finished.json["message"]?.string == nil { problems.add("finish \(w)/\(t): \(finished.text)") }
                    }
                    logs.append(["launchUuid": .string(launch), "itemUuid": .string(item), "time": .string(String(start + 10)),
                                 "level": status == "FAILED" ? "ERROR" : "INFO", "message": .string("E   AssertionError: w\(w) t\(t)")])
                } catch {
                    problems.add("\(w)/\(t): \(error)")
                }
            }
            // Logs come last, in batches of 20, as the agent sends them; the dying worker's are lost.
            guard w != 0 else { return }
            for batch in stride(from: 0, to: logs.count, by: 20) {
                let entries = JSONValue.array(Array(logs[batch..<min(batch + 20, logs.count)]))
                let body = Array("--b\r\nContent-Disposition: form-data; name=\"json_request_part\"\r\nContent-Type: application/json\r\n\r\n".utf8)
                    + JSONWriter.bytes(entries) + Array("\r\n--b--\r\n".utf8)
                if let reply = try? client.send("POST", "/api/v2/demo/log", body: body, headers: [("Content-Type", "multipart/form-data; boundary=b")]),
                   reply.json["responses"]?.array?.count != min(20, logs.count - batch) {
                    problems.add("logs of \(w): \(reply.text)")
                }
            }
        }
        #expect(problems.all.isEmpty, "\(problems.all.prefix(5))")
        #expect(try api.send("PUT", "/api/v2/demo/launch/\(launch)/finish", json: ["endTime": "1795841000000"]).status == 200)

        let run = try api.get("/api/v1/projects/demo/runs/\(launch)").json
        let total = Self.workers * Self.testsPerWorker
        #expect(run["attempts"]?.number == Double(total))
        #expect(run["counts"]?["total"]?.number == Double(total))
        #expect(run["counts"]?["error"]?.number == 1)
        #expect(run["counts"]?["failed"]?.number == Double(total / 4 - 1))  // worker 0 died in its last (failing) test
        #expect(run["counts"]?["skipped"]?.number == Double(total / 4))
        #expect(run["status"]?.string == "failed")
        let logs = try api.get("/api/v1/projects/demo/runs/\(launch)/logs?limit=5000").json["logs"]?.array ?? []
        #expect(logs.count == (Self.workers - 1) * Self.testsPerWorker)
        let results = try api.allResults(run: launch)
        // Failed tests of the workers whose logs arrived carry their ERROR line as the message.
        let failed = results.filter { $0["status"]?.string == "failed" && $0["test"]?.string?.hasPrefix("tests/w0/") == false }
        #expect(failed.count == (Self.workers - 1) * Self.testsPerWorker / 4)
        #expect(failed.allSatisfy { $0["message"]?.string?.hasPrefix("AssertionError: w") == true })
    }
}

final class RPProblems: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ problem: String) { lock.withLock { items.append(problem) } }
    var all: [String] { lock.withLock { items } }
}
