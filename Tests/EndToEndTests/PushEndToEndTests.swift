import Dispatch
import Foundation
import HTTPServer
import Reports
import Testing

/// `verdict push` against the real server: shards into one run, retries that store nothing
/// twice, re-pushes that add nothing, and the server's own refusals.
@Suite struct PushEndToEndTests {
    /// `--server`, `--token` and `--project` for `server`, then `arguments`.
    func push(_ server: ServerProcess, _ arguments: [String], via proxy: FakeVerdictServer? = nil) throws -> PushResult {
        try runPush(["--server", proxy?.baseURL ?? server.baseURL, "--project", "shop", "--token", server.token] + arguments)
    }

    func run(_ server: ServerProcess, _ key: String) throws -> JSONValue {
        let reply = try APIClient(server).get("/api/v1/projects/shop/runs/\(key)")
        guard reply.status == 200 else { throw APIClientError.unexpected(reply.status, reply.text) }
        return reply.json
    }

    @Test func fourShardsInParallel_landInOneRun_exactlyOnce_andARePushAddsNothing() throws {
        let server = try ServerProcess()
        let reports = try ReportFolder([:])
        // Shard s: two reports of 25 tests each; every fifth test fails.
        for shard in 0..<4 {
            for part in 0..<2 {
                let names = (0..<25).map { "test_\(shard)_\(part)_\($0)" }
                try reports.write("shard\(shard)/TEST-part\(part).xml",
                                  junitReport(names, failing: Set(names.enumerated().filter { $0.offset % 5 == 0 }.map(\.element)), classname: "tests.shard\(shard)"))
            }
        }
        func pushAllShards() throws -> [PushResult] {
            let results = PushResults()
            DispatchQueue.concurrentPerform(iterations: 4) { shard in
                results.set(shard, Result {
                    try push(server, ["--run", "ci-100", "--worker", "shard-\(shard)", "--branch", "main", "--commit", "abc123",
                                      reports.path("shard\(shard)/*.xml")])
                })
            }
            return try results.all(4)
        }

        let first = try pushAllShards()
        for result in first {
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.components(separatedBy: "stored 25 results (0 duplicates) from").count == 3, "\(result.stdout)")
            #expect(result.stdout.contains("run: \(server.baseURL)/#/p/shop/runs/ci-100"))
        }
        let stored = try run(server, "ci-100")
        #expect(stored["attempts"] == 200)
        #expect(stored["counts"]?["total"] == 200)
        #expect(stored["counts"]?["failed"] == 40)
        #expect(stored["branch"] == "main" && stored["commit"] == "abc123")
        #expect(Set(stored["workers"]?.array?.compactMap { $0["name"]?.string } ?? []) == ["shard-0", "shard-1", "shard-2", "shard-3"])

        let again = try pushAllShards()
        #expect(again.allSatisfy { $0.status == 0 })
        let afterRePush = try run(server, "ci-100")
        #expect(afterRePush["attempts"] == 200)
        #expect(afterRePush["counts"] == stored["counts"])
    }

    @Test func answersLostTwiceWith503_areRetried_andTheReportIsStoredOnce() throws {
        let server = try ServerProcess()
        let busy = FakeVerdictServer.error(503, "overloaded", "busy", retryAfter: "0")
        // The first attempt reaches the server and is committed, but its answer is replaced by a
        // 503; so is the second's. The third gets the server's real answer.
        let proxy = try FakeVerdictServer(script: [busy, busy], upstream: server.port, forwardScripted: true)
        let reports = try ReportFolder(["TEST-a.xml": junitReport((0..<10).map { "t\($0)" }, failing: ["t3"])])

        let result = try push(server, ["--run", "ci-7", "--worker", "w1", reports.path("TEST-a.xml")], via: proxy)

        #expect(result.status == 0, "\(result.stderr)")
        #expect(proxy.posts.count == 3)
        #expect(Set(proxy.posts.compactMap { $0.headers["Idempotency-Key"] }).count == 1)
        // The retries found the first attempt's answer: the same 10 results, stored once.
        #expect(result.stdout.contains("stored 10 results (0 duplicates) from"), "\(result.stdout)")
        let stored = try run(server, "ci-7")
        #expect(stored["attempts"] == 10)
        #expect(stored["counts"]?["failed"] == 1)
    }

    @Test func aReportChangedByARerun_addsItsAttempts_whileTheSameReportAddsNothing() throws {
        let server = try ServerProcess()
        let reports = try ReportFolder(["r.xml": junitReport(["a", "b"], failing: ["b"])])
        #expect(try push(server, ["--run", "ci-8", "--worker", "w", reports.path("r.xml")]).status == 0)
        #expect(try push(server, ["--run", "ci-8", "--worker", "w", reports.path("r.xml")]).status == 0)
        #expect(try run(server, "ci-8")["attempts"] == 2)

        // The CI step retried its failed test and wrote the report anew.
        try reports.write("r.xml", junitReport(["b"]))
        #expect(try push(server, ["--run", "ci-8", "--worker", "w", reports.path("r.xml")]).status == 0)
        let stored = try run(server, "ci-8")
        #expect(stored["attempts"] == 3)
        #expect(stored["counts"]?["flaky"] == 1)
    }

    @Test func inGitHubActions_theRunIsKeyedNamedAndLinkedFromTheCIVariables() throws {
        let server = try ServerProcess()
        let reports = try ReportFolder(["r.xml": junitReport(["a"])])

        let result = try runPush([reports.path("r.xml")], environment: [
            "VERDICT_SERVER": server.baseURL, "VERDICT_PROJECT": "shop", "VERDICT_TOKEN": server.token,
            "GITHUB_ACTIONS": "true", "GITHUB_RUN_ID": "555", "GITHUB_RUN_ATTEMPT": "1", "GITHUB_RUN_NUMBER": "9",
            "GITHUB_WORKFLOW": "tests", "GITHUB_REF_NAME": "main", "GITHUB_SHA": "deadbeef",
            "GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "acme/shop",
        ])

        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("run: \(server.baseURL)/#/p/shop/runs/555-1"))
        let stored = try run(server, "555-1")
        #expect(stored["name"] == "tests #9")
        #expect(stored["branch"] == "main" && stored["commit"] == "deadbeef")
        #expect(stored["url"] == "https://github.com/acme/shop/actions/runs/555/attempts/1")
        #expect(stored["attributes"]?["ci"] == "github-actions")
        #expect(stored["attempts"] == 1)
    }

    @Test func malformedReport_exitsOne_withTheServersLineAndColumn() throws {
        let server = try ServerProcess()
        let reports = try ReportFolder(["bad.xml": "<testsuite>\n  <testcase name=\"a\">\n  </testcas>\n</testsuite>"])

        let result = try push(server, ["--run", "ci-9", reports.path("bad.xml")])

        #expect(result.status == 1)
        #expect(result.stderr.contains("the server answered 400 invalid_xml: "), "\(result.stderr)")
        #expect(result.stderr.contains("line 3, column"), "\(result.stderr)")
        #expect(try APIClient(server).get("/api/v1/projects/shop/runs/ci-9").status == 404)
    }

    @Test func wrongToken_exitsOne_andSaysWhichVariableToSet() throws {
        let server = try ServerProcess()
        let reports = try ReportFolder(["r.xml": junitReport(["a"])])

        let result = try runPush(["--server", server.baseURL, "--project", "shop", "--run", "ci-10", reports.path("r.xml")],
                                 environment: ["VERDICT_TOKEN": "vdt_wrong"])

        #expect(result.status == 1)
        #expect(result.stderr.contains("the server answered 401 invalid_token"), "\(result.stderr)")
        #expect(result.stderr.contains("VERDICT_TOKEN"))
    }
}

/// Results of parallel pushes, by shard.
private final class PushResults: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Int: Result<PushResult, Error>] = [:]

    func set(_ shard: Int, _ result: Result<PushResult, Error>) { lock.withLock { results[shard] = result } }

    func all(_ count: Int) throws -> [PushResult] {
        try lock.withLock { try (0..<count).map { try results[$0]!.get() } }
    }
}
