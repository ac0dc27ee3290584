import HTTPServer
import Reports
import Testing
@testable import VerdictApp

/// The RP-compatible handlers, called directly: the fields the agent reads, errors it tolerates,
/// and the native reads of logs and attachments.
@Suite struct ReportPortalAPITests {
    let fixture: AppFixture

    init() throws { fixture = try AppFixture { $0.reportPortal.maxAttachmentBytes = 64 } }

    func post(_ path: String, _ json: JSONValue, token: String? = AppFixture.token) -> (status: Int, json: JSONValue, response: Response) {
        fixture.call("POST", path, body: JSONWriter.string(json), token: token, headers: [("Content-Type", "application/json")])
    }

    func put(_ path: String, _ json: JSONValue) -> (status: Int, json: JSONValue, response: Response) {
        fixture.call("PUT", path, body: JSONWriter.string(json), headers: [("Content-Type", "application/json")])
    }

    func postLogs(_ project: String, entries: JSONValue, files: [(name: String, type: String, bytes: [UInt8])]) -> (status: Int, json: JSONValue) {
        var body = Array("--BOUNDARY\r\nContent-Disposition: form-data; name=\"json_request_part\"\r\nContent-Type: application/json\r\n\r\n".utf8)
        body += JSONWriter.bytes(entries) + Array("\r\n".utf8)
        for file in files {
            body += Array("--BOUNDARY\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(file.name)\"\r\nContent-Type: \(file.type)\r\n\r\n".utf8)
            body += file.bytes + Array("\r\n".utf8)
        }
        body += Array("--BOUNDARY--\r\n".utf8)
        let headers = HTTPHeaders([("Authorization", "Bearer \(AppFixture.token)"), ("Content-Type", "multipart/form-data; boundary=BOUNDARY")])
        let response = fixture.app.handle(Request(method: "POST", target: "/api/v2/\(project)/log", headers: headers, body: .bytes(body)))
        return (response.status, (try? JSONParser.parse(response.body)) ?? .null)
    }

    func startLaunch(_ project: String = "demo", name: String = "sample-suite") throws -> String {
        let reply = post("/api/v2/\(project)/launch", [
            "name": .string(name), "description": "", "mode": "DEFAULT", "startTime": "2026-11-28T04:35:28.355472+0000",
            "rerun": false, "rerunOf": nil,
            "attributes": [["key": "branch", "value": "main"], ["value": "ci"], ["key": "os", "value": "Linux", "system": true]],
        ])
        #expect(reply.status == 201 || reply.status == 200)
        return try #require(reply.json["id"]?.string)
    }

    func startItem(_ project: String = "demo", launch: String, name: String, parent: String? = nil, type: String = "STEP",
                   codeRef: String? = nil, hasStats: Bool = true, time: String = "1795840973407") throws -> String {
        let reply = post("/api/v2/\(project)/item" + (parent.map { "/\($0)" } ?? ""), [
            "name": .string(name), "type": .string(type), "launchUuid": .string(launch), "startTime": .string(time),
            "codeRef": .string(codeRef), "testCaseId": nil, "hasStats": .bool(hasStats), "retry": false, "retryOf": nil,
            "attributes": [["key": "team", "value": "qa"]], "parameters": nil, "description": nil,
        ])
        #expect(reply.status == 201 || reply.status == 200)
        return try #require(reply.json["id"]?.string)
    }

    func finishItem(_ item: String, project: String = "demo", launch: String, status: String?) -> (status: Int, json: JSONValue, response: Response) {
        put("/api/v2/\(project)/item/\(item)", [
            "endTime": "1795840973500", "launchUuid": .string(launch), "status": .string(status), "issue": nil,
            "attributes": nil, "description": nil, "testCaseId": nil, "retry": false, "retryOf": nil,
        ])
    }

    // MARK: What the agent reads

    @Test func info_reportsAVersionThatSelectsISOTimestamps_withoutAToken() {
        let reply = fixture.call("GET", "/api/info", token: nil)
        #expect(reply.status == 200)
        #expect(reply.json["build"]?["version"]?.string == "5.14.0")
    }

    @Test func settings_alwaysCarrySubTypes() {
        let reply = fixture.call("GET", "/api/v1/demo/settings")
        #expect(reply.status == 200)
        #expect(reply.json["subTypes"]?["PRODUCT_BUG"]?.array?.first?["locator"]?.string == "pb001")
        #expect(reply.json["subTypes"]?["TO_INVESTIGATE"]?.array?.first?["shortName"]?.string == "TI")
    }

    @Test func wholeLaunch_v2_landsInOneRunWithLogsAndAttachment() throws {
        let launch = try startLaunch()
        let suite = try startItem(launch: launch, name: "tests/test_x.py", type: "SUITE")
        let test = try startItem(launch: launch, name: "test_ok", parent: suite, codeRef: "tests/test_x.py:test_ok")
        let nested = try startItem(launch: launch, name: "nested step", parent: test, type: "step", hasStats: false)
        let failing = try startItem(launch: launch, name: "test_bad", parent: suite, codeRef: "tests/test_x.py:test_bad")
        #expect(finishItem(nested, launch: launch, status: "PASSED").status == 200)
        let finished = finishItem(test, launch: launch, status: "PASSED")
        #expect(finished.json["message"]?.string?.contains("successfully finished") == true)
        _ = finishItem(failing, launch: launch, status: "FAILED")
        _ = finishItem(suite, launch: launch, status: nil)
        let logs = postLogs("demo", entries: [
            ["launchUuid": .string(launch), "itemUuid": .string(test), "time": "2026-11-28T04:35:28.400000+0000", "level": "INFO",
             "message": "attaching", "file": ["name": "result.json"]],
            ["launchUuid": .string(launch), "itemUuid": .string(failing), "time": "1795840973450", "level": "ERROR",
             "message": "E       AssertionError: nope", "file": nil],
            ["launchUuid": .string(launch), "itemUuid": nil, "time": "1795840973460", "level": "WARN", "message": "launch level", "file": nil],
        ], files: [("result.json", "application/json", Array("{\"ok\": true}".utf8))])
        #expect(logs.status == 201)
        #expect(logs.json["responses"]?.array?.count == 3)
        #expect(logs.json["responses"]?.array?.allSatisfy { $0["id"]?.string != nil } == true)
        let done = put("/api/v2/demo/launch/\(launch)/finish", ["endTime": "2026-11-28T04:35:29.000000+0000", "status": nil, "attributes": nil, "description": nil])
        #expect(done.status == 200)
        #expect(done.json["id"]?.string == launch)
        #expect(done.json["link"]?.string?.hasSuffix("/api/v1/projects/demo/runs/\(launch)") == true)

        let run = fixture.call("GET", "/api/v1/projects/demo/runs/\(launch)").json
        #expect(run["status"]?.string == "failed")
        #expect(run["branch"]?.string == "main")
        #expect(run["counts"]?["total"]?.number == 2)
        #expect(run["counts"]?["failed"]?.number == 1)
        #expect(run["finished_at"]?.string == "2026-11-28T04:35:29.000Z")
        let results = fixture.call("GET", "/api/v1/projects/demo/runs/\(launch)/results").json["results"]?.array ?? []
        #expect(results.compactMap { $0["test"]?.string }.sorted() == ["tests/test_x.py::test_bad", "tests/test_x.py::test_ok"])
        #expect(results.first { $0["test"]?.string == "tests/test_x.py::test_bad" }?["message"]?.string == "AssertionError: nope")

        let testLogs = fixture.call("GET", "/api/v1/projects/demo/runs/\(launch)/logs?test=tests/test_x.py::test_ok").json
        let attachment = try #require(testLogs["logs"]?.array?.first?["attachment"])
        #expect(attachment["name"]?.string == "result.json")
        #expect(attachment["content_type"]?.string == "application/json")
        #expect(attachment["size"]?.number == 12)
        let url = try #require(attachment["url"]?.string)
        let file = fixture.call("GET", url)
        #expect(file.status == 200)
        #expect(file.response.body == Array("{\"ok\": true}".utf8))
        #expect(file.response.headers["X-Content-Type-Options"] == "nosniff")
        #expect(file.response.headers["Content-Disposition"]?.hasPrefix("attachment;") == true)
        let all = fixture.call("GET", "/api/v1/projects/demo/runs/\(launch)/logs").json["logs"]?.array ?? []
        #expect(all.count == 3)
        #expect(all.contains { $0["message"]?.string == "launch level" && $0["test"] == .null })
    }

    @Test func v1Paths_workToo() throws {
        let launch = try #require(post("/api/v1/demo/launch", ["name": "v1", "startTime": "1795840973407"]).json["id"]?.string)
        let item = try #require(post("/api/v1/demo/item", ["name": "t", "launchUuid": .string(launch), "startTime": "1795840973407",
                                                           "type": "STEP", "codeRef": "t.py:test_t"]).json["id"]?.string)
        #expect(put("/api/v1/demo/item/\(item)", ["endTime": "1795840973408", "status": "PASSED"]).status == 200)
        #expect(put("/api/v1/demo/launch/\(launch)/finish", ["endTime": "1795840973409"]).status == 200)
        let byUUID = fixture.call("GET", "/api/v1/demo/launch/uuid/\(launch)")
        #expect(byUUID.json["id"]?.number != nil)
        #expect(byUUID.json["mode"]?.string == "DEFAULT")
        let itemByUUID = fixture.call("GET", "/api/v1/demo/item/uuid/\(item)")
        let id = try #require(itemByUUID.json["id"]?.number)
        #expect(itemByUUID.json["status"]?.string == "PASSED")
        #expect(put("/api/v1/demo/item/\(Int(id))/update", ["description": "new", "attributes": [["key": "k", "value": "v"]]]).status == 200)
        #expect(fixture.call("GET", "/api/v1/demo/item/uuid/\(item)").json["description"]?.string == "new")
        #expect(fixture.call("GET", "/api/v1/projects/demo/runs/\(launch)").json["counts"]?["passed"]?.number == 1)
    }

    @Test func projectNamedProjects_worksInBothAPIs() throws {
        let launch = try startLaunch("projects")
        let item = try startItem("projects", launch: launch, name: "t", codeRef: "t.py:test_t")
        #expect(finishItem(item, project: "projects", launch: launch, status: "PASSED").status == 200)
        #expect(fixture.call("GET", "/api/v1/projects/settings").json["subTypes"] != nil)
        #expect(fixture.call("GET", "/api/v1/projects/launch/uuid/\(launch)").json["uuid"]?.string == launch)
        #expect(fixture.call("GET", "/api/v1/projects/projects/runs").json["runs"]?.array?.first?["key"]?.string == launch)
        #expect(fixture.call("GET", "/api/v1/projects").json["projects"]?.array?.first?["name"]?.string == "projects")
    }

    @Test func sameStartTwice_answersTheSameID() throws {
        let launch = try startLaunch()
        let first = try startItem(launch: launch, name: "t", codeRef: "t.py:test_t")
        let second = try startItem(launch: launch, name: "t", codeRef: "t.py:test_t")
        #expect(first == second)
        #expect(try startLaunch() == launch)
    }

    // MARK: Errors the agent survives

    @Test func errors_carryAMessageAndNeverAnID() throws {
        let unknown = finishItem("nope-item", launch: "x", status: "PASSED")
        #expect(unknown.status == 404)
        #expect(unknown.json["id"] == nil)
        #expect(unknown.json["message"]?.string?.contains("not found") == true)
        #expect(unknown.json["error"]?["code"]?.string == "item_not_found")
        let badJSON = fixture.call("POST", "/api/v2/demo/launch", body: "{not json")
        #expect(badJSON.status == 400)
        #expect(badJSON.json["id"] == nil)
        #expect(badJSON.json["message"]?.string != nil)
        let noLaunch = post("/api/v2/demo/item", ["name": "t", "launchUuid": nil])
        #expect(noLaunch.status == 404)
        #expect(noLaunch.json["id"] == nil)
        let unauthorized = post("/api/v2/demo/launch", ["name": "x"], token: "wrong")
        #expect(unauthorized.status == 401)
        #expect(unauthorized.json["id"] == nil)
        #expect(unauthorized.json["error"]?["message"]?.string != nil)
        #expect(put("/api/v2/demo/launch/nope/finish", ["endTime": "1"]).status == 404)
    }

    @Test func oddlyTypedFields_areReadLeniently() throws {
        let launch = try #require(post("/api/v2/demo/launch", ["name": 42, "startTime": 1_795_840_973_407, "rerun": "false",
                                                               "attributes": [["key": "n", "value": 3], ["novalue": true]]]).json["id"]?.string)
        let run = fixture.call("GET", "/api/v1/projects/demo/runs/\(launch)").json
        #expect(run["name"]?.string == "42")
        #expect(run["attributes"]?["n"]?.string == "3")
        #expect(run["started_at"]?.string == "2026-11-28T04:42:53.407Z")
    }

    // MARK: Attachments

    @Test func attachmentOverTheLimit_keepsItsNameAndSizeOnly() throws {
        let launch = try startLaunch()
        let item = try startItem(launch: launch, name: "t", codeRef: "t.py:test_t")
        let big = [UInt8](repeating: 65, count: 65)
        #expect(postLogs("demo", entries: [["launchUuid": .string(launch), "itemUuid": .string(item), "time": "1795840973407",
                                             "level": "INFO", "message": "big", "file": ["name": "big.txt"]]],
                         files: [("big.txt", "text/plain", big)]).status == 201)
        let attachment = try #require(fixture.call("GET", "/api/v1/projects/demo/runs/\(launch)/logs").json["logs"]?.array?.first?["attachment"])
        #expect(attachment["size"]?.number == 65)
        #expect(attachment["url"] == .null)
        let id = try #require(attachment["id"]?.number)
        #expect(fixture.call("GET", "/api/v1/projects/demo/attachments/\(Int(id))").json["error"]?["code"]?.string == "attachment_not_kept")
    }

    @Test func htmlAttachment_isServedAsAnInertDownload() throws {
        let launch = try startLaunch()
        _ = postLogs("demo", entries: [["launchUuid": .string(launch), "itemUuid": nil, "time": "1795840973407", "level": "INFO",
                                        "message": "page", "file": ["name": "x\".html"]]],
                     files: [("x\".html", "text/html", Array("<script>alert(1)</script>".utf8))])
        let url = try #require(fixture.call("GET", "/api/v1/projects/demo/runs/\(launch)/logs").json["logs"]?.array?.first?["attachment"]?["url"]?.string)
        let file = fixture.call("GET", url)
        #expect(file.response.headers["Content-Type"] == "application/octet-stream")
        #expect(file.response.headers["X-Content-Type-Options"] == "nosniff")
        #expect(file.response.headers["Content-Disposition"]?.hasPrefix("attachment; filename=\"x_.html\"") == true)
        #expect(fixture.call("GET", "/api/v1/projects/other/attachments/1").status == 404)
    }

    @Test func filesAreMatchedByOrder_fallingBackToName() throws {
        let launch = try startLaunch()
        let entry = { (message: String, file: String) -> JSONValue in
            ["launchUuid": .string(launch), "itemUuid": nil, "time": .string("17958409734\(message.count)"), "level": "INFO",
             "message": .string(message), "file": ["name": .string(file)]]
        }
        _ = postLogs("demo", entries: [entry("first", "a.txt"), entry("second", "b.txt")],
                     files: [("b.txt", "text/plain", Array("B".utf8)), ("a.txt", "text/plain", Array("A".utf8))])
        let logs = fixture.call("GET", "/api/v1/projects/demo/runs/\(launch)/logs").json["logs"]?.array ?? []
        for log in logs {
            let url = try #require(log["attachment"]?["url"]?.string)
            let expected = log["message"]?.string == "first" ? "A" : "B"
            #expect(String(decoding: fixture.call("GET", url).response.body, as: UTF8.self) == expected)
        }
    }

    @Test func nativeLogs_ofAnUnknownRun_areNotFound_andBadAttemptsRefused() {
        #expect(fixture.call("GET", "/api/v1/projects/demo/runs/nope/logs").status == 404)
        #expect(fixture.call("GET", "/api/v1/projects/demo/runs/nope/logs?attempt=0").status == 400)
        // The spec's bounds, both ways: schemathesis once sent a 37-digit attempt the spec allowed.
        let beyond = fixture.call("GET", "/api/v1/projects/demo/runs/nope/logs?attempt=2147483648")
        #expect(beyond.status == 400)
        #expect(beyond.json["error"]?["message"]?.string?.contains("from 1 to 2147483647") == true, "\(beyond.json)")
        #expect(fixture.call("GET", "/api/v1/projects/demo/runs/nope/logs?attempt=2147483647").status == 404)
    }
}

extension ReportPortalAPITests {
    @Test func storedResults_areCountedAsReportPortalIngest() throws {
        let launch = try startLaunch()
        let finished = try startItem(launch: launch, name: "test_finished")
        _ = try startItem(launch: launch, name: "test_still_running")
        #expect(finishItem(finished, launch: launch, status: "PASSED").status == 200)
        // A repeated finish stores nothing and counts nothing.
        #expect(finishItem(finished, launch: launch, status: "PASSED").status == 200)
        // The launch finish stores the running test as an error result.
        #expect(put("/api/v2/demo/launch/\(launch)/finish", ["endTime": "1795840974000"]).status == 200)
        let text = String(decoding: fixture.call("GET", "/metrics").response.body, as: UTF8.self)
        #expect(text.contains(#"verdict_results_ingested_total{source="reportportal"} 2"#))
    }
}
