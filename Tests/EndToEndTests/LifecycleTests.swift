import Dispatch
import Foundation
import Reports
import Testing

@Suite struct LifecycleTests {
    @Test func sigterm_drainsInFlightWrites_andExitsZero() throws {
        let server = try ServerProcess()
        let acknowledged = Acknowledged()
        let group = DispatchGroup()
        for w in 0..<8 {
            DispatchQueue.global().async(group: group) {
                let api = APIClient(server)
                for b in 0..<400 {
                    let tests = (0..<100).map { "w\(w)/b\(b)/t\($0)" }
                    guard let reply = try? api.post(run: "drain", worker: "gw\(w)", results: tests.map { result($0, "failed") }) else { return }
                    if reply.status == 200 || reply.status == 201 { acknowledged.add(tests) }
                }
            }
        }
        let deadline = Date().addingTimeInterval(60)
        while acknowledged.count < 1000, Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
        #expect(acknowledged.count >= 1000, "the posters stopped early")
        let status = server.terminate()
        group.wait()
        #expect(status == 0)
        #expect(server.stderr(containing: "verdict stopped").contains("verdict stopped"))

        try server.start()
        let stored = Set(try APIClient(server).allResults(run: "drain").compactMap { $0["test"]?.string })
        #expect(acknowledged.all.isSubset(of: stored))
    }

    @Test func idleRun_isFinishedByTheServer() throws {
        let server = try ServerProcess(arguments: ["--run-idle-timeout", "500ms"])
        let api = APIClient(server)
        #expect(try api.post(run: "quiet", results: [result("a", "passed"), result("b", "failed")]).status == 201)
        var run = try api.get("/api/v1/projects/demo/runs/quiet").json
        #expect(run["status"] == "running")
        let deadline = Date().addingTimeInterval(10)
        while run["status"] == "running", Date() < deadline {
            Thread.sleep(forTimeInterval: 0.2)
            run = try api.get("/api/v1/projects/demo/runs/quiet").json
        }
        #expect(run["status"] == "failed")
        #expect(run["finished_at"]?.string != nil)
    }

    @Test func finish_isIdempotent_andSetsTheStatus() throws {
        let server = try ServerProcess()
        let api = APIClient(server)
        #expect(try api.send("PUT", "/api/v1/projects/demo/runs/42", json: ["branch": "main", "commit": "abc", "name": "CI #42"]).status == 200)
        #expect(try api.post(run: "42", worker: "gw0", results: [result("a", "failed", attempt: 1), result("a", "passed", attempt: 2)]).status == 200)
        let first = try api.send("POST", "/api/v1/projects/demo/runs/42/finish")
        let second = try api.send("POST", "/api/v1/projects/demo/runs/42/finish")
        #expect(first.status == 200 && second.status == 200)
        #expect(first.json["status"] == "passed")
        #expect(first.json["finished_at"] == second.json["finished_at"])
        #expect(first.json["counts"]?["flaky"] == 1)
        #expect(first.json["branch"] == "main" && first.json["commit"] == "abc")
        let runs = try api.get("/api/v1/projects/demo/runs").json["runs"]?.array ?? []
        #expect(runs.map { $0["key"] } == ["42"])
    }

    @Test func idempotencyKey_replaysTheFirstAnswer() throws {
        let server = try ServerProcess()
        let api = APIClient(server)
        let body = [result("a", "passed"), result("b", "passed")]
        let first = try api.post(run: "idem", results: body, headers: [("Idempotency-Key", "k-1")])
        let replay = try api.post(run: "idem", results: body, headers: [("Idempotency-Key", "k-1")])
        #expect(first.status == 201 && replay.status == 201)
        #expect(first.text == replay.text && first.json["accepted"] == 2)
        #expect(first.headers["Idempotent-Replayed"] == nil && replay.headers["Idempotent-Replayed"] == "true")
        let reused = try api.post(run: "idem", results: [result("c", "passed")], headers: [("Idempotency-Key", "k-1")])
        #expect(reused.status == 422 && reused.errorCode == "idempotency_key_reused")
        #expect(try api.get("/api/v1/projects/demo/runs/idem").json["attempts"] == 2)
    }

    @Test func staticUI_andSpec_areServedFromTheBinary() throws {
        let server = try ServerProcess()
        let api = APIClient(server)
        let page = try api.get("/")
        #expect(page.status == 200 && page.headers["Content-Type"]?.hasPrefix("text/html") == true)
        let etag = try #require(page.headers["ETag"])
        #expect(try api.send("GET", "/", headers: [("If-None-Match", etag)]).status == 304)
        #expect(try api.get("/../../etc/passwd").status == 404)
        #expect(try api.get("/%2e%2e/%2e%2e/etc/passwd").status == 404)
        let spec = try api.get("/api/openapi.json")
        #expect(spec.status == 200 && spec.json["openapi"]?.string?.hasPrefix("3.") == true)
    }
}

@Suite struct RunListingTests {
    @Test func finish_canBeBackdated_andRunsFilterByStatus() throws {
        let server = try ServerProcess()
        let api = APIClient(server)
        #expect(try api.send("PUT", "/api/v1/projects/demo/runs/old", json: ["started_at": "2026-01-01T10:00:00Z"]).status == 200)
        #expect(try api.post(run: "old", results: [result("a", "failed")]).status == 200)
        let finished = try api.send("POST", "/api/v1/projects/demo/runs/old/finish", json: ["finished_at": "2026-01-01T10:05:00Z"])
        #expect(finished.json["finished_at"] == "2026-01-01T10:05:00.000Z")
        #expect(finished.json["duration_ms"] == 300_000)
        #expect(try api.post(run: "live", results: [result("a", "passed")]).status == 201)
        let failed = try api.get("/api/v1/projects/demo/runs?status=failed").json["runs"]?.array ?? []
        #expect(failed.map { $0["key"] } == ["old"])
        let running = try api.get("/api/v1/projects/demo/runs?status=running").json["runs"]?.array ?? []
        #expect(running.map { $0["key"] } == ["live"])
        #expect(try api.get("/api/v1/projects/demo/runs?status=green").status == 400)
        #expect(try api.send("POST", "/api/v1/projects/demo/runs/live/finish", json: ["finished_at": "tomorrow"]).status == 422)
    }

    @Test func everyAnswer_carriesTheSecurityHeaders() throws {
        let server = try ServerProcess()
        let api = APIClient(server)
        for path in ["/", "/api/v1/projects", "/api/v1/nothing", "/js/app.js"] {
            let reply = try api.get(path)
            #expect(reply.headers["Content-Security-Policy"]?.contains("script-src 'self'") == true, "\(path)")
            #expect(reply.headers["X-Content-Type-Options"] == "nosniff", "\(path)")
            #expect(reply.headers["Referrer-Policy"] == "no-referrer", "\(path)")
        }
    }
}
