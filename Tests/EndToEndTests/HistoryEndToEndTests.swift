import Foundation
import Reports
import Testing

/// A project's history posted through the real binary over HTTP, with planted truths, and every
/// history endpoint checked for exactly the planted answers.
///
/// 30 runs on `main` (m01…m30, 12 hours apart, the last an hour ago) and two on `feat-x`
/// (f1 after m10, f2 after m20). m18 is an outage (every test errors) and m19 re-runs its commit;
/// m11 re-runs m10's commit and m23 re-runs m22's.
final class PlantedHistory {
    let server: ServerProcess
    let api: APIClient
    static let project = "planted"
    static let base = "/api/v1/projects/planted"

    // The tests, by what they plant.
    static let steady = (0..<20).map { String(format: "tests/steady/test_math.py::test_%02d", $0) }
    static let retry = "tests/flaky/test_network.py::test_retry"        // fails then passes on retry
    static let commit = "tests/flaky/test_cache.py::test_commit"         // both outcomes on one commit
    static let flip = "tests/flaky/test_order.py::test_flip"             // fails now and then
    static let broken = "tests/broken/test_db.py::test_db"               // always fails, ids in the message
    static let late = "tests/broken/test_late.py::test_late"             // broken since m21
    static let platform = "tests/platform/test_gpu.py::test_platform"    // always fails, often skipped
    static let fixed = "tests/fixed/test_was_flaky.py::test_was_flaky"   // flaky until m07, then clean
    static let once = "tests/once/test_once.py::test_once"               // one failure
    static let user1 = "tests/api/test_users.py::test_get_user[1]"       // broken on feat-x, breaks on main in m30
    static let user2 = "tests/api/test_users.py::test_get_user[2]"
    static let legacy = "tests/legacy/test_import.py::test_import"       // fails in m01 and m30 only
    static let added = "tests/new/test_added.py::test_added"             // only in m30
    static let removed = "tests/old/test_removed.py::test_removed"       // gone in m30
    static let young = "tests/new/test_young.py::test_young"             // three runs, one retry flake
    static let sometimes = "tests/skip/test_sometimes.py::test_sometimes" // passes or is skipped

    /// Run keys in creation order.
    static let runs: [String] = (1...10).map(main) + ["f1"] + (11...20).map(main) + ["f2"] + (21...30).map(main)

    static func main(_ n: Int) -> String { String(format: "m%02d", n) }

    /// The history is 30 runs long, so a fixed test is cleared after 20 clean runs rather than the default 30.
    init() throws {
        server = try ServerProcess(arguments: ["--healthy-after", "20"])
        api = APIClient(server)
        let lastStart = Int64(Date().timeIntervalSince1970 * 1000) - 3_600_000
        for key in Self.runs {
            let (branch, commit, start) = Self.facts(key, lastStart: lastStart)
            let put = try api.send("PUT", "\(Self.base)/runs/\(key)", json: .object([
                ("branch", .string(branch)), ("commit", .string(commit)), ("started_at", .string(Timestamp.format(start))),
            ]))
            guard put.status == 200 else { throw APIClientError.unexpected(put.status, put.text) }
            let results = Self.allTests.enumerated().flatMap { i, test in Self.results(test, run: key, worker: "gw\(i % 4)") }
            let post = try api.post(project: Self.project, run: key, results: results)
            guard post.status == 200 || post.status == 201 else { throw APIClientError.unexpected(post.status, post.text) }
            let finish = try api.send("POST", "\(Self.base)/runs/\(key)/finish")
            guard finish.status == 200 else { throw APIClientError.unexpected(finish.status, finish.text) }
        }
    }

    static var allTests: [String] {
        steady + [retry, commit, flip, broken, late, platform, fixed, once, user1, user2, legacy, added, removed, young, sometimes]
    }

    static func facts(_ key: String, lastStart: Int64) -> (branch: String, commit: String, start: Int64) {
        let halfDay: Int64 = 12 * 3_600_000
        switch key {
        case "f1": return ("feat-x", "f1c", lastStart - 20 * halfDay + 3_600_000)
        case "f2": return ("feat-x", "f2c", lastStart - 10 * halfDay + 3_600_000)
        default:
            let n = Int(key.dropFirst())!
            let reruns = [11: 10, 19: 18, 23: 22]
            return ("main", String(format: "c%02d", reruns[n] ?? n), lastStart - Int64(30 - n) * halfDay)
        }
    }

    /// The planted outcome of `test` in run `key`: P passed, F failed, S skipped, R failed then
    /// passed on a retry, "-" absent.
    static func outcome(_ test: String, run key: String) -> Character {
        let feature = key.hasPrefix("f")
        let n = feature ? 0 : Int(key.dropFirst())!
        if [added].contains(test) { return n == 30 ? "P" : "-" }
        if test == young { return n >= 28 ? (n == 29 ? "R" : "P") : "-" }
        if test == removed, n == 30 { return "-" }
        if n == 18 { return "E" }
        switch test {
        case retry: return [5, 12, 20, 27, 30].contains(n) ? "R" : "P"
        case commit: return [10, 23].contains(n) ? "F" : "P"
        case flip: return [3, 6, 9, 13, 16, 21, 25, 29].contains(n) ? "F" : "P"
        case broken: return "F"
        case late: return n >= 21 ? "F" : "P"
        case platform: return n % 3 == 0 && n > 0 && n < 30 ? "S" : "F"
        case fixed: return [2, 4, 7].contains(n) ? "R" : "P"
        case once: return n == 15 ? "F" : "P"
        case user1, user2: return feature || n == 30 ? "F" : "P"
        case legacy: return n == 1 || n == 30 ? "F" : "P"
        case sometimes: return n % 2 == 0 ? "S" : "P"
        default: return "P"
        }
    }

    /// The failure message of `test` in run `key`; run-specific noise differs from run to run.
    static func message(_ test: String, run key: String) -> String {
        let n = key.hasPrefix("f") ? Int(key.dropFirst())! * 100 : Int(key.dropFirst())!
        if key == "m18" { return "ConnectionError: could not connect to 10.0.0.5:5432" }
        switch test {
        case broken: return String(format: "AssertionError: expected status 200, got 500 (request 5f3a9c1e-0b7d-4c1a-9e55-%012x) at 0x7f3a%04x", n * 7919, n * 31)
        case late: return "TimeoutError: timed out after \(n).5s waiting for /tmp/pytest-of-ci/pytest-\(n)/sock"
        case platform: return "NotImplementedError: platform feature missing"
        case flip: return "AssertionError: expected 3 items, got \(n % 3)"
        case commit: return "AssertionError: response took \(n * 37)ms"
        case retry: return "ConnectionResetError: [Errno 104] Connection reset by peer"
        case fixed: return "OSError: [Errno 98] Address already in use: 127.0.0.1:\(40000 + n)"
        case once: return "ValueError: bad value \(n * 3)"
        case user1, user2: return "KeyError: 'user-\(n * 8812 + test.count)'"
        case legacy: return "ImportError: cannot import name 'frobnicate' from 'legacy.utils' (/tmp/venv-\(n)/lib/legacy/utils.py)"
        case young: return "AssertionError: young and flaky"
        default: return "AssertionError: unexpected failure"
        }
    }

    static func results(_ test: String, run key: String, worker: String) -> [JSONValue] {
        let duration = test == steady[0] && key == "m30" ? 900 : 10
        func make(_ status: String, attempt: Int = 1) -> JSONValue {
            var members: [(String, JSONValue)] = [
                ("test", .string(test)), ("status", .string(status)), ("attempt", .int(attempt)),
                ("duration_ms", .int(duration)), ("worker", .string(worker)),
            ]
            if status == "failed" || status == "error" { members.append(("message", .string(message(test, run: key)))) }
            return .object(members)
        }
        switch outcome(test, run: key) {
        case "P": return [make("passed")]
        case "F": return [make("failed")]
        case "E": return [make("error")]
        case "S": return [make("skipped")]
        case "R": return [make("failed"), make("passed", attempt: 2)]
        default: return []
        }
    }

    func get(_ path: String) throws -> APIClient.Reply { try api.get(Self.base + path) }

    func json(_ path: String) throws -> JSONValue {
        let reply = try get(path)
        guard reply.status == 200 else { throw APIClientError.unexpected(reply.status, reply.text) }
        return reply.json
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? text
    }
}

extension JSONValue {
    var strings: [String] { array?.compactMap(\.string) ?? [] }
}

@Suite struct HistoryEndToEndTests {
    typealias H = PlantedHistory

    @Test func flaky_listsExactlyThePlantedTests_withTheirClassificationsAndEvidence() throws {
        let history = try PlantedHistory()
        let report = try history.json("/flaky")
        #expect(report["window"]?["runs"] == 31)
        #expect(report["window"]?["outage_runs"]?.strings == ["m18"])
        let tests = report["tests"]?.array ?? []
        // Steady tests never failed outside the outage: with it, m18/m19 on one commit would make them all commit flakes.
        #expect(tests.compactMap { $0["test"]?.string } == [
            H.flip, H.commit, H.retry, H.fixed,
            H.user1, H.user2, H.broken, H.late, H.legacy, H.once, H.platform,
        ])
        // Three runs are fewer than min_runs (5): no verdict, listed apart.
        let undecided = report["undecided"]?.array ?? []
        #expect(undecided.compactMap { $0["test"]?.string } == [H.young])
        #expect(undecided.first?["classification"] == .null && undecided.first?["score"] == 0.333)
        #expect(undecided.first?["signals"]?["failure_rate"]?["runs"] == 3)
        let byTest = Dictionary(uniqueKeysWithValues: tests.map { ($0["test"]?.string ?? "", $0) })
        let classification = byTest.mapValues { $0["classification"] ?? .null }
        #expect(classification == [
            H.retry: "flaky", H.commit: "flaky", H.flip: "flaky",
            H.broken: "broken", H.late: "broken", H.platform: "broken",
            H.fixed: "healthy", H.once: "healthy", H.user1: "healthy", H.user2: "healthy", H.legacy: "healthy",
        ])
        #expect(byTest.mapValues { $0["score"]?.number ?? -1 } == [
            H.flip: 0.552, H.commit: 0.194, H.retry: 0.161, H.fixed: 0.097,
            H.user1: 0, H.user2: 0, H.broken: 0, H.late: 0, H.legacy: 0, H.once: 0, H.platform: 0,
        ])

        let retry = try #require(byTest[H.retry]?["signals"])
        #expect(retry["retry"]?["count"] == 5)
        #expect(retry["retry"]?["runs"]?.strings == ["m30", "m27", "m20", "m12", "m05"])
        #expect(retry["commit"]?["count"] == 0)
        #expect(retry["flip_rate"]?["flips"] == 0)
        #expect(retry["last_flake"]?["run"] == "m30" && retry["last_flake"]?["kind"] == "retry")
        #expect(byTest[H.retry]?["last_flake_run"] == "m30" && byTest[H.retry]?["last_flake"] == retry["last_flake"]?["at"])

        let commit = try #require(byTest[H.commit]?["signals"])
        #expect(commit["commit"]?["count"] == 2)
        #expect(commit["commit"]?["commits"] == [
            ["commit": "c22", "runs": ["m23", "m22"], "failed_runs": ["m23"], "passed_runs": ["m22"]],
            ["commit": "c10", "runs": ["m11", "m10"], "failed_runs": ["m10"], "passed_runs": ["m11"]],
        ])
        #expect(commit["flip_rate"] == ["rate": 0.1379, "flips": 4, "runs": 31, "transitions": 29])

        let flip = try #require(byTest[H.flip]?["signals"])
        #expect(flip["flip_rate"] == ["rate": 0.5517, "flips": 16, "runs": 31, "transitions": 29])
        #expect(flip["failure_rate"] == ["rate": 0.2581, "failed": 8, "runs": 31])
        #expect(flip["retry"]?["count"] == 0 && flip["commit"]?["count"] == 0)

        // Skipped runs are no sample and no flip: 23 runs, all failed.
        let platform = try #require(byTest[H.platform]?["signals"])
        #expect(platform["failure_rate"] == ["rate": 1, "failed": 23, "runs": 23])
        #expect(platform["flip_rate"]?["flips"] == 0)
        #expect(byTest[H.late]?["signals"]?["streak"] == ["clean": 0, "failing": 10])

        // Flaky until m07, then 24 clean runs: healthy again, its evidence still shown.
        let fixed = try #require(byTest[H.fixed])
        #expect(fixed["signals"]?["retry"]?["runs"]?.strings == ["m07", "m04", "m02"])
        #expect(fixed["signals"]?["streak"]?["clean"] == 24)
        // Broken on the feature branch, passing on main: flips are per branch, so not flaky.
        #expect(byTest[H.user1]?["signals"]?["flip_rate"]?["flips"] == 1)
    }

    @Test func flaky_parametersFilterAndDecide() throws {
        let history = try PlantedHistory()
        #expect(try history.json("/flaky?classification=flaky")["tests"]?.array?.compactMap { $0["test"]?.string } == [H.flip, H.commit, H.retry])
        let lenient = try history.json("/flaky?min_runs=3")["tests"]?.array ?? []
        #expect(lenient.first { $0["test"]?.string == H.young }?["classification"] == "flaky")
        let feature = try history.json("/flaky?branch=feat-x")
        #expect(feature["window"]?["runs"] == 2)
        #expect(feature["tests"] == [])
        #expect(feature["undecided"]?.array?.compactMap { $0["test"]?.string }.sorted() == [H.user1, H.user2, H.broken, H.platform].sorted())
        #expect(feature["undecided"]?.array?.allSatisfy { $0["classification"] == .null } == true)
        #expect(try history.json("/flaky?days=1")["window"]?["runs"] == 2)
        for bad in ["days=0", "days=x", "min_runs=0", "classification=weird", "limit=0"] {
            let reply = try history.get("/flaky?\(bad)")
            #expect(reply.status == 400 && reply.errorCode == "invalid_parameter", "\(bad)")
        }
        #expect(try history.json("/flaky?days=30&branch=nowhere")["tests"] == [])
    }

    @Test func failures_groupByCause_newCausesFirst_withWhereTheyWereSeen() throws {
        let history = try PlantedHistory()
        let failures = try history.json("/runs/m30/failures")
        let groups = failures["groups"]?.array ?? []
        #expect(groups.map { $0["signature"]?.string ?? "" } == [
            "KeyError: <str>",
            "ImportError: cannot import name <str> from <str> (<tmp>)",
            "AssertionError: expected status <n>, got <n> (request <id>) at <id>",
            "NotImplementedError: platform feature missing",
            "TimeoutError: timed out after <id> waiting for <tmp>",
        ])
        #expect(groups.map { $0["new"]?.bool ?? false } == [true, true, false, false, false])
        #expect(groups.map(\.["count"]) == [2, 1, 1, 1, 1])
        #expect(groups.map { $0["tests"]?.strings ?? [] } == [[H.user1, H.user2], [H.legacy], [H.broken], [H.platform], [H.late]])
        // Seen only on feat-x before: new on main. Seen in m01, 14.5 days earlier: new again.
        #expect(groups[0]["first_seen_run"] == "f1" && groups[0]["last_seen_run"] == "m30")
        #expect(groups[0]["first_seen"]?.string != nil)
        #expect(groups[0]["seen_before"] == .null)
        #expect(groups[1]["first_seen_run"] == "m01")
        // One signature for 30 messages that differ in request ids and addresses.
        #expect(groups[2]["first_seen_run"] == "m01" && groups[2]["seen_before"]?["run"] == "m29")
        #expect(groups[2]["example"] == .string(H.message(H.broken, run: "m30")))
        #expect(groups[4]["first_seen_run"] == "m21")

        // On the feature branch, causes seen on main (the default branch) are known.
        let feature = try history.json("/runs/f1/failures")["groups"]?.array ?? []
        #expect(feature.map { $0["new"]?.bool ?? false } == [true, false, false])
        #expect(feature.first?["tests"]?.strings == [H.user1, H.user2])
        #expect(feature.dropFirst().map { $0["seen_before"]?["run"] } == ["m10", "m10"])

        let outage = try history.json("/runs/m18/failures")["groups"]?.array ?? []
        #expect(outage.count == 1 && outage.first?["count"] == 33)
        #expect(try history.get("/runs/nope/failures").status == 404)
        #expect(try history.get("/runs/m30/failures?days=0").errorCode == "invalid_parameter")
    }

    @Test func compare_listsEachChange_againstThePreviousRunOfTheBranch() throws {
        let history = try PlantedHistory()
        let compare = try history.json("/runs/m30/compare")
        #expect(compare["run"] == "m30" && compare["base"] == "m29")
        #expect(compare["new_failures"]?.strings == [H.user1, H.user2, H.legacy])
        #expect(compare["fixed"]?.strings == [H.flip])
        #expect(compare["still_failing"]?.strings == [H.broken, H.late, H.platform])
        #expect(compare["new_tests"]?.strings == [H.added])
        #expect(compare["removed_tests"]?.strings == [H.removed])
        #expect(compare["flaky"]?.strings == [H.retry])
        #expect(compare["slower"] == [["test": .string(H.steady[0]), "duration_ms": 900, "base_duration_ms": 10, "change_ms": 890]])
        #expect(compare["duration_change_ms"]?.number != nil)
        #expect(try history.json("/runs/m30/compare?base=m29") == compare)

        #expect(try history.json("/runs/f2/compare")["base"] == "f1")
        let first = try history.json("/runs/f1/compare")
        #expect(first["base"] == .null && first["new_tests"]?.array?.count == 33)
        #expect(try history.get("/runs/m30/compare?base=nope").status == 404)
        #expect(try history.get("/runs/nope/compare").status == 404)
        #expect(try history.get("/runs/m30/compare?base=a%2Fb").errorCode == "invalid_parameter")
    }

    @Test func history_isEveryRunOfTheTest_newestFirst_paged() throws {
        let history = try PlantedHistory()
        var entries: [JSONValue] = []
        var path = "/tests/history?test=\(H.encode(H.retry))&limit=10"
        while true {
            let page = try history.json(path)
            #expect(page["test"] == .string(H.retry))
            entries += page["history"]?.array ?? []
            guard let next = page["next"]?.string else { break }
            path = "/tests/history?test=\(H.encode(H.retry))&limit=10&before=\(next)"
        }
        #expect(entries.compactMap { $0["run"]?.string } == H.runs.reversed())
        #expect(entries.first == [
            "run": "m30", "verdict": "flaky", "attempts": 2, "duration_ms": 20, "worker": "gw0", "commit": "c30", "branch": "main",
            "started_at": entries.first?["started_at"] ?? .null,
            "signature": "ConnectionResetError: [Errno <n>] Connection reset by peer",
        ])
        #expect(entries.first { $0["run"] == "m18" }?["verdict"] == "error")
        #expect(entries.first { $0["run"] == "f1" }?["branch"] == "feat-x")
        #expect(try history.get("/tests/history?test=nope").status == 404)
        #expect(try history.get("/tests/history").errorCode == "invalid_parameter")
        #expect(try history.get("/tests/history?test=\(H.encode(H.retry))&before=x").errorCode == "invalid_parameter")
    }

    @Test func tests_searchBySubstring_withLatestVerdictAndFailureRate() throws {
        let history = try PlantedHistory()
        let users = try history.json("/tests?search=TEST_USERS")
        #expect(users["tests"] == [
            ["test": .string(H.user1), "latest_verdict": "failed", "latest_run": "m30", "failure_rate": 0.0968, "failed": 3, "runs": 31, "quarantined": false],
            ["test": .string(H.user2), "latest_verdict": "failed", "latest_run": "m30", "failure_rate": 0.0968, "failed": 3, "runs": 31, "quarantined": false],
        ])
        #expect(users["next"] == .null)
        var keys: [String] = []
        var path = "/tests?limit=7"
        while true {
            let page = try history.json(path)
            keys += page["tests"]?.array?.compactMap { $0["test"]?.string } ?? []
            guard let next = page["next"]?.string else { break }
            path = "/tests?limit=7&after=\(H.encode(next))"
        }
        #expect(keys == H.allTests.sorted())
    }

    @Test func quarantine_isAPlainList_andMarksRunSummaries() throws {
        let history = try PlantedHistory()
        let api = history.api
        let path = "\(H.base)/quarantine/\(H.encode(H.retry))"
        let created = try api.send("PUT", path, json: ["reason": "flaky: connection resets"])
        #expect(created.status == 201)
        #expect(created.json["test"] == .string(H.retry) && created.json["reason"] == "flaky: connection resets")
        let again = try api.send("PUT", path, json: ["reason": "still flaky"])
        #expect(again.status == 200 && again.json["created_at"] == created.json["created_at"])

        #expect(try history.json("/quarantine")["tests"] == [["test": .string(H.retry), "reason": "still flaky", "created_at": created.json["created_at"] ?? .null]])
        let text = try history.get("/quarantine?format=text")
        #expect(text.text == H.retry + "\n")
        #expect(try history.json("/runs/m30")["quarantined"] == [["test": .string(H.retry), "verdict": "flaky"]])
        #expect(try history.json("/runs/m29")["quarantined"] == [["test": .string(H.retry), "verdict": "passed"]])
        let flaky = try history.json("/flaky?classification=flaky")["tests"]?.array ?? []
        #expect(flaky.map { $0["quarantined"] } == [false, false, true])
        // Results still record: a new run counts the quarantined test like any other.
        #expect(try api.post(project: H.project, run: "m31", results: [result(H.retry, "failed")]).status == 201)
        #expect(try history.json("/runs/m31")["counts"]?["failed"] == 1)

        #expect(try api.send("PUT", "\(H.base)/quarantine/nope", json: ["reason": "x"]).status == 404)
        #expect(try api.send("PUT", path, json: ["reason": " "]).errorCode == "invalid_field")
        #expect(try api.send("PUT", path, body: Array("{nope".utf8)).errorCode == "invalid_json")
        #expect(try APIClient(history.server, useToken: false).send("PUT", path, json: ["reason": "x"]).status == 401)

        #expect(try api.send("DELETE", path).status == 200)
        #expect(try api.send("DELETE", path).status == 404)
        #expect(try history.json("/quarantine")["tests"] == [])
        #expect(try history.json("/runs/m30")["quarantined"] == [])
    }
}
