import Foundation
import Reports
import Testing
import VerdictApp

/// Every file of the shared JUnit corpus, uploaded to the real server, reads back as
/// `expected.json` says: per-status counts, flaky cases, failed attempts and every case's status.
@Suite struct JUnitCorpusEndToEndTests {
    static let corpus = ServerProcess.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/junit")

    struct Expectation: Decodable {
        struct Case: Decodable {
            let suite: String, classname: String, name: String, status: String
            let time: Double?
            let flaky: Bool
            let failed_attempts: Int
        }
        let parse_ok: Bool
        let testcases: Int?
        let counts: [String: Int]?
        let flaky_cases: Int?
        let failed_attempts: Int?
        let cases_with_time: Int?
        let cases: [Case]?
        let cases_sha256: String?
    }

    @Test func everyCorpusFile_readsBackAsExpected() throws {
        let expectedURL = Self.corpus.appendingPathComponent("expected.json")
        guard FileManager.default.fileExists(atPath: expectedURL.path) else {
            Issue.record("the shared corpus is not beside the package at \(Self.corpus.path)")
            return
        }
        struct Document: Decodable { let files: [String: Expectation] }
        let expected = try JSONDecoder().decode(Document.self, from: Data(contentsOf: expectedURL)).files
        let server = try ServerProcess()
        let api = APIClient(server)
        var matched = 0
        for (index, (file, expectation)) in expected.sorted(by: { $0.key < $1.key }).enumerated() {
            let body = try [UInt8](Data(contentsOf: Self.corpus.appendingPathComponent("files/\(file)")))
            let run = "file-\(index)"
            let reply = try api.send("POST", "/api/v1/projects/corpus/runs/\(run)/junit?worker=w", body: body,
                                     headers: [("Content-Type", "application/xml")], gzip: index % 2 == 0)
            if !expectation.parse_ok {
                #expect(reply.status == 400 && reply.errorCode == "invalid_xml", "\(file): \(reply.text)")
                #expect(try api.get("/api/v1/projects/corpus/runs/\(run)").status == 404, "\(file): something was stored")
                matched += 1
                continue
            }
            guard reply.status == 201 || reply.status == 200 else {
                Issue.record("\(file): \(reply.status) \(reply.text)")
                continue
            }
            let cases = Self.cases(try api.allResults(project: "corpus", run: run))
            var ok = true
            func check(_ condition: Bool, _ what: @autoclosure () -> String) {
                if !condition { ok = false; Issue.record("\(file): \(what())") }
            }
            check(cases.count == expectation.testcases, "\(cases.count) cases, expected \(expectation.testcases ?? -1)")
            var counts: [String: Int] = ["passed": 0, "failed": 0, "error": 0, "skipped": 0]
            for c in cases { counts[c.status, default: 0] += 1 }
            check(counts == expectation.counts, "counts \(counts), expected \(expectation.counts ?? [:])")
            check(cases.filter(\.flaky).count == expectation.flaky_cases, "flaky cases")
            check(cases.map(\.failedAttempts).reduce(0, +) == expectation.failed_attempts, "failed attempts")
            check(cases.filter { $0.hasTime }.count == expectation.cases_with_time, "cases with time")
            if let expectedCases = expectation.cases {
                for (got, want) in zip(cases, expectedCases) {
                    check(got.classname == want.classname && got.name == want.name && got.status == want.status
                          && got.flaky == want.flaky && got.failedAttempts == want.failed_attempts
                          && (want.suite.isEmpty || got.suite.hasSuffix(want.suite)),
                          "case \(want.classname)::\(want.name) is \(got.status) (flaky \(got.flaky)), expected \(want.status)")
                }
            } else if let digest = expectation.cases_sha256 {
                let lines = cases.map { "\($0.classname)::\($0.name)::\($0.status)" }.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
                check(SHA256.hex(Array(lines.joined(separator: "\n").utf8)) == digest, "cases_sha256 differs")
            }
            if ok { matched += 1 }
        }
        #expect(matched == expected.count, "\(matched) of \(expected.count) corpus files matched")
    }

    struct StoredCase {
        var classname = "", name = "", status = "", suite = ""
        var hasTime = false
        var retries = 0
        var flaky: Bool { status == "passed" && retries > 0 }
        var failedAttempts: Int { retries + (status == "failed" || status == "error" ? 1 : 0) }
    }

    /// Stored results back to `<testcase>` elements: `junit.case` is the case's position and
    /// `junit.attempt_kind` tells the case's own result from its flaky*/rerun* attempts.
    static func cases(_ results: [JSONValue]) -> [StoredCase] {
        var byCase: [Int: StoredCase] = [:]
        for result in results {
            let attributes = result["attributes"]
            guard let ordinal = attributes?["junit.case"]?.string.flatMap(Int.init) else { continue }
            var c = byCase[ordinal] ?? StoredCase()
            if attributes?["junit.attempt_kind"] == "testcase" {
                c.classname = attributes?["junit.classname"]?.string ?? ""
                c.name = attributes?["junit.name"]?.string ?? ""
                c.status = result["status"]?.string ?? ""
                c.suite = result["suite"]?.string ?? ""
                c.hasTime = result["duration_ms"]?.number != nil || attributes?["junit.time"] != nil
            } else {
                c.retries += 1
            }
            byCase[ordinal] = c
        }
        return byCase.keys.sorted().map { byCase[$0]! }
    }
}
