import Dispatch
import Foundation
import HTTPServer
import Reports
import Testing

/// The real `verdict push` binary against a scripted in-process server: what goes on the wire,
/// which failures are retried and how, and what a permanent error looks like.
@Suite struct PushTests {
    @Test func serverAnswering503Twice_isRetriedWithOneKey_andTheReportSentOnceMore() throws {
        let retry = FakeVerdictServer.error(503, "overloaded", "busy", retryAfter: "0")
        let server = try FakeVerdictServer(script: [retry, retry])
        let reports = try ReportFolder(["TEST-a.xml": junitReport(["t1", "t2", "t3"])])

        let push = try runPush(server: server, reports.path("TEST-a.xml"), "--worker", "shard-1")

        #expect(push.status == 0, "\(push.stderr)")
        let posts = server.posts
        #expect(posts.count == 3)
        let keys = Set(posts.compactMap { $0.headers["Idempotency-Key"] })
        #expect(keys.count == 1 && posts.allSatisfy { $0.headers["Idempotency-Key"] != nil })
        #expect(posts.allSatisfy { $0.body == Array(junitReport(["t1", "t2", "t3"]).utf8) })
        #expect(push.stderr.components(separatedBy: "retrying in").count == 3)
        #expect(push.stdout.contains("stored 3 results (0 duplicates) from \(reports.path("TEST-a.xml"))"))
        #expect(push.stdout.contains("run: \(server.baseURL)/#/p/demo/runs/build-7"))
        #expect(push.stdout.contains("json: \(server.baseURL)/api/v1/projects/demo/runs/build-7"))
    }

    @Test func aReport_goesGzippedAsXML_withTheTokenAndWorker() throws {
        let server = try FakeVerdictServer()
        let reports = try ReportFolder(["r.xml": junitReport(["t"])])

        let push = try runPush(server: server, reports.path("r.xml"), "--worker", "gw 3")

        #expect(push.status == 0, "\(push.stderr)")
        let post = try #require(server.posts.first)
        #expect(post.target == "/api/v1/projects/demo/runs/build-7/junit?worker=gw%203")
        #expect(post.headers["Content-Type"] == "application/xml")
        #expect(post.headers["Content-Encoding"] == "gzip")
        #expect(post.headers["Authorization"] == "Bearer test-token")
        #expect(post.headers["Idempotency-Key"]?.hasPrefix("push1-") == true)
        #expect(server.requests.count == 1, "no run description given, so no PUT")
    }

    @Test func aGzipReport_isSentAsItIs() throws {
        let server = try FakeVerdictServer()
        let xml = junitReport(["t1", "t2"])
        let folder = try ReportFolder([:])
        try Data(Gzip.compress(Array(xml.utf8))).write(to: URL(fileURLWithPath: folder.path("r.xml.gz")))

        let push = try runPush(server: server, folder.path("r.xml.gz"))

        #expect(push.status == 0, "\(push.stderr)")
        #expect(server.posts.first?.text == xml)
    }

    @Test func connectionRefused_isRetriedUntilTheServerListens() throws {
        let server = try FakeVerdictServer(start: false)
        let reports = try ReportFolder(["r.xml": junitReport(["t"])])
        let starter = Thread {
            Thread.sleep(forTimeInterval: 0.8)
            try? server.start()
        }
        starter.start()

        let push = try runPush(server: server, reports.path("r.xml"), "--backoff", "100ms", "--retries", "20")

        #expect(push.status == 0, "\(push.stderr)")
        #expect(push.stderr.contains("connect: Connection refused; retrying in"))
        #expect(server.posts.count == 1)
        #expect(push.stdout.contains("stored 1 result (0 duplicates)"))
    }

    @Test func retryAfter_isHonoured() throws {
        let server = try FakeVerdictServer(script: [FakeVerdictServer.error(429, "rate_limited", "slow down", retryAfter: "1")])
        let reports = try ReportFolder(["r.xml": junitReport(["t"])])
        let started = Date()

        let push = try runPush(server: server, reports.path("r.xml"), "--backoff", "1ms")

        #expect(push.status == 0, "\(push.stderr)")
        #expect(Date().timeIntervalSince(started) >= 1.0)
        #expect(push.stderr.contains("the server answered 429 rate_limited; retrying in 1"))
        #expect(server.posts.count == 2)
    }

    @Test func retries_stopAfterTheirNumber() throws {
        let retry = FakeVerdictServer.error(503, "overloaded", "busy", retryAfter: "0")
        let server = try FakeVerdictServer(script: Array(repeating: retry, count: 10))
        let reports = try ReportFolder(["r.xml": junitReport(["t"])])

        let push = try runPush(server: server, reports.path("r.xml"), "--retries", "2")

        #expect(push.status == 1)
        #expect(server.posts.count == 3)
        #expect(push.stderr.contains("gave up after 3 attempts"))
        #expect(push.stderr.contains("the server answered 503 overloaded"))
        #expect(!push.stdout.contains("run:"), "nothing was stored, so no run to show")
    }

    @Test func retries_stopAtTheTimeout_evenWhenTheServerAsksToWaitLonger() throws {
        let server = try FakeVerdictServer(script: [FakeVerdictServer.error(503, "overloaded", "busy", retryAfter: "60")])
        let reports = try ReportFolder(["r.xml": junitReport(["t"])])
        let started = Date()

        let push = try runPush(server: server, reports.path("r.xml"), "--timeout", "2s")

        #expect(push.status == 1)
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(server.posts.count == 1)
        #expect(push.stderr.contains("asked to wait 1m"))
        #expect(push.stderr.contains("--timeout 2s reached"))
    }

    @Test func malformedReport_400_exitsOneWithTheServersMessage_withoutRetrying() throws {
        let server = try FakeVerdictServer(script: [
            FakeVerdictServer.error(400, "invalid_xml", "line 3, column 7: Opening and ending tag mismatch"),
        ])
        let reports = try ReportFolder(["bad.xml": "<testsuite><testcase name='x'></testsuite>"])

        let push = try runPush(server: server, reports.path("bad.xml"))

        #expect(push.status == 1)
        #expect(server.posts.count == 1)
        #expect(push.stderr.contains("\(reports.path("bad.xml")): the server answered 400 invalid_xml: line 3, column 7: Opening and ending tag mismatch"))
    }

    @Test func aRejectedReport_doesNotStopTheOthers() throws {
        let server = try FakeVerdictServer(script: [FakeVerdictServer.error(415, "unsupported_media_type", "not XML")])
        let reports = try ReportFolder(["a.xml": "not xml", "b.xml": junitReport(["t"])])

        let push = try runPush(server: server, reports.path("*.xml"))

        #expect(push.status == 1)
        #expect(server.posts.count == 2)
        #expect(push.stderr.contains("a.xml: the server answered 415"))
        #expect(push.stdout.contains("stored 1 result (0 duplicates) from \(reports.path("b.xml"))"))
        #expect(push.stdout.contains("run: "))
    }

    @Test func refusedToken_401_stopsThePushAtOnce() throws {
        let server = try FakeVerdictServer(script: [FakeVerdictServer.error(401, "invalid_token", "unknown token")])
        let reports = try ReportFolder(["a.xml": junitReport(["t"]), "b.xml": junitReport(["u"])])

        let push = try runPush(server: server, reports.path("*.xml"))

        #expect(push.status == 1)
        #expect(server.posts.count == 1)
        #expect(push.stderr.contains("the server answered 401 invalid_token: unknown token"))
        #expect(push.stderr.contains("VERDICT_TOKEN"))
        #expect(push.stderr.contains("1 more report was not sent"))
    }

    @Test func idempotencyKey_isStableAcrossPushes_andDiffersByWorkerRunAndContent() throws {
        let server = try FakeVerdictServer()
        let reports = try ReportFolder(["a.xml": junitReport(["t"]), "copy.xml": junitReport(["t"]), "b.xml": junitReport(["u"])])
        func key(_ file: String, _ arguments: String...) throws -> String? {
            let push = try runPush(server: server, [reports.path(file)] + arguments)
            #expect(push.status == 0, "\(push.stderr)")
            return server.posts.last?.headers["Idempotency-Key"]
        }

        let first = try key("a.xml", "--worker", "w1")
        #expect(try key("a.xml", "--worker", "w1") == first)
        #expect(try key("copy.xml", "--worker", "w1") == first, "the key follows the content, not the path")
        #expect(try key("a.xml", "--worker", "w2") != first)
        #expect(try key("a.xml", "--worker", "w1", "--run", "build-8") != first)
        #expect(try key("b.xml", "--worker", "w1") != first)
    }

    @Test func runDescription_isPutBeforeTheReports() throws {
        let server = try FakeVerdictServer()
        let reports = try ReportFolder(["r.xml": junitReport(["t"])])

        let push = try runPush(server: server, reports.path("r.xml"), "--branch", "main", "--commit", "abc123", "--url", "https://ci.example/b/7", "--name", "nightly")

        #expect(push.status == 0, "\(push.stderr)")
        let requests = server.requests
        #expect(requests.map(\.method) == ["PUT", "POST"])
        #expect(requests[0].target == "/api/v1/projects/demo/runs/build-7")
        #expect(requests[0].headers["Content-Type"] == "application/json")
        let body = try JSONParser.parse(requests[0].body)
        #expect(body == ["name": "nightly", "branch": "main", "commit": "abc123", "url": "https://ci.example/b/7"])
    }

    @Test func pathPrefix_isKept_andNamesAreOnePercentEncodedSegment() throws {
        let server = try FakeVerdictServer()
        let reports = try ReportFolder(["r.xml": junitReport(["t"])])

        let push = try runPush(
            [reports.path("r.xml"), "--server", server.baseURL + "/tools/verdict/", "--run", "pr 12#3?"],
            environment: ["VERDICT_TOKEN": "t", "VERDICT_PROJECT": "acme.shop"]
        )

        #expect(push.status == 0, "\(push.stderr)")
        #expect(server.posts.first?.target == "/tools/verdict/api/v1/projects/acme.shop/runs/pr%2012%233%3F/junit")
        #expect(push.stdout.contains("run: \(server.baseURL)/tools/verdict/#/p/acme.shop/runs/pr%2012%233%3F\n"))
        #expect(push.stdout.contains("json: \(server.baseURL)/tools/verdict/api/v1/projects/acme.shop/runs/pr%2012%233%3F\n"))
    }
}

// MARK: - Running `verdict push`

/// What a finished `verdict push` left behind.
struct PushResult {
    let status: Int32
    let stdout: String
    let stderr: String
}

/// Runs `verdict push` against `server` with project `demo`, run `build-7` and a token, then
/// `arguments` (later flags win).
func runPush(server: FakeVerdictServer, _ arguments: String...) throws -> PushResult {
    try runPush(server: server, arguments)
}

func runPush(server: FakeVerdictServer, _ arguments: [String]) throws -> PushResult {
    try runPush(["--server", server.baseURL, "--project", "demo", "--run", "build-7", "--token", "test-token"] + arguments)
}

/// Runs the real binary with only `environment` (plus PATH and HOME), so the CI variables of
/// whatever runs the tests never leak in.
func runPush(_ arguments: [String], environment: [String: String] = [:], directory: String? = nil) throws -> PushResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: ServerProcess.binary)
    process.arguments = ["push"] + arguments
    let inherited = ProcessInfo.processInfo.environment
    process.environment = ["PATH": inherited["PATH"] ?? "/usr/bin:/bin", "HOME": inherited["HOME"] ?? "/tmp"].merging(environment) { $1 }
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let output = Pipe(), errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    // Both pipes are drained at once, so a chatty child never blocks on a full one.
    let stderr = LineCollector()
    let reading = DispatchGroup()
    DispatchQueue.global().async(group: reading) { stderr.append(errors.fileHandleForReading.readDataToEndOfFile()) }
    let stdout = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    reading.wait()
    return PushResult(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: stderr.text)
}

/// A temporary folder of report files, removed when the value goes.
final class ReportFolder: Sendable {
    let root: URL

    init(_ files: [String: String]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("verdict-push-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for (name, content) in files { try write(name, content) }
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    func write(_ relative: String, _ content: String) throws {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(content.utf8).write(to: url)
    }
}

/// A JUnit report with one passing case per name (and failing ones where asked).
func junitReport(_ names: [String], failing: Set<String> = [], classname: String = "tests.test_app") -> String {
    let cases = names.map { name in
        failing.contains(name)
            ? #"<testcase classname="\#(classname)" name="\#(name)" time="0.01"><failure message="boom">assert 1 == 2</failure></testcase>"#
            : #"<testcase classname="\#(classname)" name="\#(name)" time="0.01"/>"#
    }
    return #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n<testsuite name=\"app\" tests=\"\(names.count)\">\n" + cases.joined(separator: "\n") + "\n</testsuite>\n"
}
