import Foundation
import HTTPServer
import Reports
import Testing

/// The exact request bodies of the captured agent sessions (`shared/reportportal/transcripts`),
/// posted to the real server: first in their order, then in random orders a concurrent client
/// could produce (every id used only after the answer that made it; the launch finish after
/// every item start, as the agent's controller waits for its workers) with a quarter of the
/// requests sent twice. Each replay must leave the native API showing the same run.
@Suite(.serialized) struct ReportPortalTranscriptTests {
    static let transcripts = ServerProcess.packageRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/reportportal/transcripts")

    /// Sessions whose in-order replay shows the sample suite's 14 counted tests.
    static let sampleSuiteSessions = [
        "serial.jsonl", "xdist4.jsonl", "loadscope.jsonl", "reruns.jsonl", "extra/hierarchy-serial.jsonl",
        "extra/hierarchy-xdist4.jsonl", "extra/hierarchy-loadscope.jsonl", "extra/async-batched.jsonl",
        "extra/epoch-ms-timestamps.jsonl", "extra/error-suite-start-500.jsonl",
    ]
    /// Sessions replayed in shuffled orders too (the error-401 and failed-launch-start sessions
    /// hold no accepted request).
    static let shuffledSessions = sampleSuiteSessions + [
        "extra/xdist-worker-crash.jsonl", "extra/launch-rerun.jsonl", "extra/existing-launch-xdist.jsonl",
        "extra/parent-item.jsonl", "extra/error-503-with-api-retries.jsonl", "extra/error-settings-500.jsonl",
    ]

    static let sampleTests: Set<String> = [
        "tests/test_basic.py::test_pass", "tests/test_basic.py::test_fail", "tests/test_basic.py::test_error_in_fixture",
        "tests/test_basic.py::test_skip", "tests/test_basic.py::test_xfail", "tests/test_logging.py::test_logging_and_attachment",
        "tests/test_logging.py::test_flaky", "tests/test_params.py::TestCalculator::test_add[1-2-3]",
        "tests/test_params.py::TestCalculator::test_add[2-3-5]", "tests/test_params.py::TestCalculator::test_add[10-5-15]",
        "tests/test_params.py::TestCalculator::test_multiply", "tests/test_params.py::TestCalculator::test_divide_by_zero",
        "tests/test_params.py::test_upper[lower]", "tests/test_params.py::test_upper[mixed]",
    ]

    @Test(arguments: sampleSuiteSessions)
    func inOrder_showsTheSampleSuite(session: String) throws {
        let server = try ServerProcess()
        let replay = try RPTranscriptReplay(file: Self.transcripts.appendingPathComponent(session))
        try replay.send(to: server, project: "ordered", order: replay.inOrder())
        let api = APIClient(server)
        let runs = try api.get("/api/v1/projects/ordered/runs").json["runs"]?.array ?? []
        #expect(runs.count == 1)
        let run = try #require(runs.first)
        let expected: JSONValue = ["total": 14, "passed": 10, "failed": 2, "error": 0, "skipped": 2, "flaky": 0]
        #expect(run["counts"] == expected, "\(session)")
        #expect(run["attempts"] == 14)
        #expect(run["status"]?.string == "failed")
        #expect(run["name"]?.string == "sample-suite")
        #expect(run["branch"]?.string == "main")
        #expect(run["commit"]?.string == "0123456789abcdef")
        let key = try #require(run["key"]?.string)
        let results = try api.allResults(project: "ordered", run: key)
        #expect(Set(results.compactMap { $0["test"]?.string }) == Self.sampleTests, "\(session)")
        let failed = results.first { $0["test"]?.string == "tests/test_basic.py::test_fail" }
        #expect(failed?["attributes"]?["rp.issue"]?.string == "pb001")
        let logs = try api.get("/api/v1/projects/ordered/runs/\(key)/logs?limit=5000").json["logs"]?.array ?? []
        let files = logs.compactMap { $0["attachment"]?["name"]?.string }.sorted()
        #expect(files == ["notes.txt", "result.json"], "\(session)")
        let nested = logs.filter { $0["item"]?.string == "nested step: check something" }
        #expect(!nested.isEmpty && nested.allSatisfy { $0["test"]?.string == "tests/test_logging.py::test_logging_and_attachment" })
    }

    @Test func workerCrash_leavesTheCrashedTestInterrupted_andTheRunFinished() throws {
        let server = try ServerProcess()
        let replay = try RPTranscriptReplay(file: Self.transcripts.appendingPathComponent("extra/xdist-worker-crash.jsonl"))
        try replay.send(to: server, project: "crash", order: replay.inOrder())
        let api = APIClient(server)
        let run = try #require(try api.get("/api/v1/projects/crash/runs").json["runs"]?.array?.first)
        #expect(run["finished_at"] != .null)
        let results = try api.allResults(project: "crash", run: try #require(run["key"]?.string))
        let crashed = results.first { $0["test"]?.string == "tests/test_crash.py::test_worker_crash" }
        #expect(crashed?["status"]?.string == "error")
        #expect(crashed?["attributes"]?["rp.status"]?.string == "INTERRUPTED")
        #expect(results.first { $0["test"]?.string == "tests/test_crash.py::test_after_crash" }?["status"]?.string == "passed")
    }

    @Test(arguments: shuffledSessions)
    func shuffledWithDuplicates_endsTheSameAsInOrder(session: String) throws {
        let server = try ServerProcess()
        let replay = try RPTranscriptReplay(file: Self.transcripts.appendingPathComponent(session))
        try replay.send(to: server, project: "ordered", order: replay.inOrder())
        let expected = try RPNativeView(server: server, project: "ordered")
        #expect(expected.results.count > 0, "\(session) stored nothing")
        for seed: UInt64 in [1, 2, 3] {
            var random = RPSeededRandom(seed: seed &* 0x9E37_79B9 &+ UInt64(session.utf8.count))
            let project = "shuffled-\(seed)"
            try replay.send(to: server, project: project, order: replay.shuffled(duplicating: 0.25, using: &random))
            let actual = try RPNativeView(server: server, project: project)
            #expect(actual == expected, "\(session), seed \(seed):\n\(actual.difference(from: expected))")
        }
    }
}

/// What the native API shows of a project's one run, without what depends on arrival order
/// (generated ids, worker lanes, server clocks).
struct RPNativeView: Equatable {
    var run: [String]
    var results: [String]
    var logs: [String]

    init(server: ServerProcess, project: String) throws {
        let api = APIClient(server)
        let runs = try api.get("/api/v1/projects/\(project)/runs").json["runs"]?.array ?? []
        guard runs.count == 1, let run = runs.first, let key = run["key"]?.string else {
            self.run = ["\(runs.count) runs"]
            results = []
            logs = []
            return
        }
        self.run = ["name", "status", "branch", "commit", "started_at", "finished_at", "counts", "attempts"].map {
            "\($0)=\(JSONWriter.string(run[$0] ?? .null))"
        }
        results = try api.allResults(project: project, run: key).map { result in
            var attributes = result["attributes"]?.objectMembers ?? []
            attributes.removeAll { $0.0 == "rp.item" }
            return ["test", "attempt", "status", "duration_ms", "started_at", "message", "trace", "suite", "file"]
                .map { JSONWriter.string(result[$0] ?? .null) }.joined(separator: " ") + " " + JSONWriter.string(.object(attributes))
        }.sorted()
        logs = (try api.get("/api/v1/projects/\(project)/runs/\(key)/logs?limit=5000").json["logs"]?.array ?? []).map { log in
            let attachment = log["attachment"].map { a in ["name", "content_type", "size"].map { JSONWriter.string(a[$0] ?? .null) } } ?? []
            return (["time", "level", "message", "item", "test", "attempt"].map { JSONWriter.string(log[$0] ?? .null) } + attachment)
                .joined(separator: " ")
        }.sorted()
    }

    func difference(from other: RPNativeView) -> String {
        func diff(_ name: String, _ a: [String], _ b: [String]) -> String {
            let missing = Set(b).subtracting(a), extra = Set(a).subtracting(b)
            return missing.isEmpty && extra.isEmpty && a.count == b.count ? "" :
                "\(name): \(a.count) vs \(b.count)\n  missing: \(missing.sorted().prefix(5))\n  extra: \(extra.sorted().prefix(5))\n"
        }
        return diff("run", run, other.run) + diff("results", results, other.results) + diff("logs", logs, other.logs)
    }
}

/// The accepted requests of one transcript, replayable with the server's ids in place of the
/// ids the capture server gave.
struct RPTranscriptReplay {
    struct Step {
        var method: String
        var path: String
        var body: JSONValue?
        /// The id the capture server answered (launch and item starts).
        var produces: String?
        /// Produced ids this request uses.
        var uses: Set<String>
    }

    var steps: [Step] = []

    init(file: URL) throws {
        let text = try String(contentsOf: file, encoding: .utf8)
        var lines: [JSONValue] = []
        for line in text.split(separator: "\n") where !line.isEmpty { lines.append(try JSONParser.parse(String(line))) }
        // Requests the capture server refused never happened as far as the agent knows.
        let accepted = lines.filter { ($0["status"]?.number ?? 500) < 400 }
        let produced: Set<String> = Set(accepted.compactMap { line in
            guard line["method"]?.string == "POST", let path = line["path"]?.string,
                  path.hasSuffix("/launch") || path.contains("/item") else { return nil }
            return line["response"]?["id"]?.string
        })
        for line in accepted {
            let method = line["method"]?.string ?? "GET"
            let path = line["path"]?.string ?? "/"
            let body = line["body"].flatMap { $0.isNull ? nil : $0 }
            var uses = Set(path.split(separator: "/").map(String.init)).intersection(produced)
            if let body { Self.strings(in: body, into: &uses, keeping: produced) }
            let produces = method == "POST" && (path.hasSuffix("/launch") || path.contains("/item")) ? line["response"]?["id"]?.string : nil
            if let produces { uses.remove(produces) }
            steps.append(Step(method: method, path: path, body: body, produces: produces, uses: uses))
        }
        // The controller finishes the launch only after its workers started every item.
        let itemStarts = Set(steps.filter { $0.method == "POST" && $0.path.contains("/item") }.compactMap(\.produces))
        for i in steps.indices where steps[i].method == "PUT" && steps[i].path.hasSuffix("/finish") {
            steps[i].uses.formUnion(itemStarts)
        }
    }

    private static func strings(in value: JSONValue, into found: inout Set<String>, keeping wanted: Set<String>) {
        switch value {
        case .string(let s) where wanted.contains(s): found.insert(s)
        case .array(let items): items.forEach { strings(in: $0, into: &found, keeping: wanted) }
        case .object(let members): members.forEach { strings(in: $0.1, into: &found, keeping: wanted) }
        default: break
        }
    }

    func inOrder() -> [Int] { Array(steps.indices) }

    /// A random order that respects `uses`, with about `fraction` of the steps sent a second
    /// time somewhere after the first.
    func shuffled(duplicating fraction: Double, using random: inout RPSeededRandom) -> [Int] {
        var done: Set<String> = []
        var pending = Array(steps.indices)
        var sent: [Int] = []
        var repeats: [Int] = []
        while !pending.isEmpty || !repeats.isEmpty {
            let ready = pending.filter { steps[$0].uses.isSubset(of: done) }
            let choices = ready.map { (step: $0, repeat: false) } + repeats.map { (step: $0, repeat: true) }
            precondition(!choices.isEmpty, "a transcript step waits for an id nothing produces")
            let pick = choices[Int(random.next() % UInt64(choices.count))]
            sent.append(pick.step)
            if pick.repeat {
                repeats.removeAll { $0 == pick.step }
            } else {
                pending.removeAll { $0 == pick.step }
                if let id = steps[pick.step].produces { done.insert(id) }
                if Double(random.next() % 1000) / 1000 < fraction { repeats.append(pick.step) }
            }
        }
        return sent
    }

    /// Sends the steps in `order` into `project`, replacing the capture server's ids with
    /// those this server answered, and checks every answer is JSON the agent can read.
    func send(to server: ServerProcess, project: String, order: [Int]) throws {
        let api = APIClient(server)
        var ids: [String: String] = [:]
        for index in order {
            let step = steps[index]
            let path = step.path.split(separator: "/", omittingEmptySubsequences: false).enumerated().map { i, segment in
                i == 3 && (step.path.hasPrefix("/api/v1/") || step.path.hasPrefix("/api/v2/")) ? project : ids[String(segment)] ?? String(segment)
            }.joined(separator: "/")
            let reply: APIClient.Reply
            if let multipart = step.body?["multipart"]?.array {
                let (bytes, boundary) = Self.multipart(multipart, ids: ids)
                reply = try api.send(step.method, path, body: bytes, headers: [("Content-Type", "multipart/form-data; boundary=\(boundary)")])
            } else if let body = step.body {
                reply = try api.send(step.method, path, json: Self.replacing(ids, in: body))
            } else {
                reply = try api.send(step.method, path)
            }
            guard (200..<300).contains(reply.status), case .object = reply.json else {
                throw RPReplayError.refused("\(step.method) \(path) → \(reply.status) \(reply.text)")
            }
            if let produced = step.produces {
                guard let id = reply.json["id"]?.string else { throw RPReplayError.refused("\(path): no id in \(reply.text)") }
                if let known = ids[produced], known != id { throw RPReplayError.refused("\(path): repeated start got \(id), first \(known)") }
                ids[produced] = id
            }
            if path.hasSuffix("/log"), reply.json["responses"]?.array == nil { throw RPReplayError.refused("log: \(reply.text)") }
        }
    }

    static func replacing(_ ids: [String: String], in value: JSONValue) -> JSONValue {
        switch value {
        case .string(let s): return .string(ids[s] ?? s)
        case .array(let items): return .array(items.map { replacing(ids, in: $0) })
        case .object(let members): return .object(members.map { ($0.0, replacing(ids, in: $0.1)) })
        default: return value
        }
    }

    /// The multipart body the agent sent, rebuilt from the transcript's parts (files from their
    /// recorded JSON or text content).
    static func multipart(_ parts: [JSONValue], ids: [String: String]) -> ([UInt8], String) {
        let boundary = "0f50178889047d4bc8b5a25d98dd5eda"
        var body: [UInt8] = []
        for part in parts {
            let name = part["name"]?.string ?? "file"
            var disposition = "form-data; name=\"\(name)\""
            if let filename = part["filename"]?.string { disposition += "; filename=\"\(filename)\"" }
            body += Array("--\(boundary)\r\nContent-Disposition: \(disposition)\r\nContent-Type: \(part["content_type"]?.string ?? "application/octet-stream")\r\n\r\n".utf8)
            if let json = part["json"] {
                body += JSONWriter.bytes(name == "json_request_part" ? replacing(ids, in: json) : json)
            } else if let text = part["text"]?.string {
                body += Array(text.utf8)
            }
            body += Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        return (body, boundary)
    }
}

enum RPReplayError: Error, CustomStringConvertible {
    case refused(String)
    var description: String { if case .refused(let why) = self { return why }; return "" }
}

/// A small seeded generator, so a failing order can be replayed.
struct RPSeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
