import Foundation
import Reports
import Store
import Testing
import VerdictApp

/// `/metrics`, the access log, `verdict backup` and `verdict prune` on the real binary.
@Suite struct OperationsTests {
    static func junit(_ cases: Int) -> [UInt8] {
        Array(("<testsuite name=\"s\">" + (0..<cases).map { "<testcase classname=\"c\" name=\"t\($0)\"/>" }.joined() + "</testsuite>").utf8)
    }

    /// The value of the first sample of `name` whose line contains every one of `labels`.
    static func sample(_ text: String, _ name: String, _ labels: String...) -> Double? {
        text.split(separator: "\n").first { line in
            line.hasPrefix(name) && !line.hasPrefix("#") && labels.allSatisfy { line.contains($0) }
                && (line.dropFirst(name.count).first == " " || line.dropFirst(name.count).first == "{")
        }.flatMap { Double($0.split(separator: " ").last ?? "") }
    }

    @Test func metrics_countRequestsByRoute_resultsBySource_andTheWriter() throws {
        let server = try ServerProcess()
        let api = APIClient(server)
        #expect(try api.post(run: "m1", results: (0..<7).map { result("t\($0)", "passed") }).status == 201)
        #expect(try api.post(run: "m1", results: (0..<7).map { result("t\($0)", "passed") }).status == 200)
        #expect(try api.send("POST", "/api/v1/projects/demo/runs/m1/junit", body: Self.junit(5), headers: [("Content-Type", "application/xml")]).status == 200)
        _ = try api.get("/api/v1/projects/demo/runs/nope")
        let raw = try RawConnection(port: server.port)
        raw.send("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n")
        _ = raw.receive(until: "}")
        let reply = try api.get("/metrics")
        #expect(reply.status == 200)
        #expect(reply.headers["Content-Type"]?.hasPrefix("text/plain; version=0.0.4") == true)
        let text = reply.text
        let results = "route=\"/api/v1/projects/{project}/runs/{run}/results\""
        #expect(Self.sample(text, "verdict_http_requests_total", results, "status=\"201\"") == 1)
        #expect(Self.sample(text, "verdict_http_requests_total", results, "status=\"200\"") == 1)
        #expect(Self.sample(text, "verdict_http_requests_total", "route=\"/api/v1/projects/{project}/runs/{run}\"", "status=\"404\"") == 1)
        #expect(Self.sample(text, "verdict_http_requests_total", "route=\"(refused)\"", "status=\"400\"") == 1)
        #expect(Self.sample(text, "verdict_results_ingested_total", "source=\"native\"") == 7)
        #expect(Self.sample(text, "verdict_results_ingested_total", "source=\"junit\"") == 5)
        #expect(Self.sample(text, "verdict_http_request_duration_seconds_count", results) == 2)
        #expect(Self.sample(text, "verdict_writer_commits_total")! >= 3)
        #expect(Self.sample(text, "verdict_writer_queue_depth") == 0)
        #expect(Self.sample(text, "verdict_writer_commit_batch_size_bucket", "le=\"+Inf\"")! >= 3)
        #expect(Self.sample(text, "verdict_database_bytes")! > 0)
        #expect(Self.sample(text, "verdict_http_open_connections")! >= 1)
        #expect(Self.sample(text, "process_open_fds")! > 0)
        #expect(Self.sample(text, "process_resident_memory_bytes")! > 0)
        // Project and run names are user data: never a label value.
        #expect(!text.contains("demo") && !text.contains("m1"))
    }

    @Test func metrics_needATokenOnAPrivateServer() throws {
        let server = try ServerProcess(arguments: ["--private"])
        #expect(try APIClient(server, useToken: false).get("/metrics").status == 401)
        #expect(try APIClient(server).get("/metrics").status == 200)
    }

    @Test func accessLog_hasOneJSONLinePerRequest_withoutTokensOrQueries() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("verdict-log-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let log = directory.appendingPathComponent("access.log").path
        let server = try ServerProcess(arguments: ["--access-log", log], directory: directory)
        let api = APIClient(server)
        _ = try api.post(run: "r1", results: [result("a", "passed")])
        _ = try api.get("/api/v1/projects/demo/runs?branch=secret-branch")
        _ = try APIClient(server, token: "wrong-token").post(run: "r1", results: [result("b", "passed")])
        let raw = try RawConnection(port: server.port)
        raw.send("GET /healthz HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer bad-request-token\r\nX-Bad: a\u{1}b\r\n\r\n")
        _ = raw.receive(until: "}")
        server.terminate()
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 4, "\(lines)")
        let entries = lines.compactMap { try? JSONParser.parse(String($0)) }
        #expect(entries.count == 4)
        #expect(entries.map { $0["status"]?.number } == [201, 200, 401, 400])
        #expect(entries.allSatisfy { $0["time"]?.string != nil && $0["remote"]?.string?.hasPrefix("127.0.0.1:") == true && $0["duration_ms"]?.number != nil })
        #expect(entries[1]["path"]?.string == "/api/v1/projects/demo/runs")
        let text = lines.joined(separator: "\n") + server.stderr
        for secret in [server.token, "wrong-token", "bad-request-token", "secret-branch"] {
            #expect(!text.contains(secret), "\(secret) reached a log")
        }
    }

    @Test func backup_whileIngesting_isAConsistentCopyWithEverythingAcknowledgedBeforeIt() throws {
        let server = try ServerProcess()
        let api = APIClient(server)
        for b in 0..<20 { #expect(try api.post(run: "before", results: (0..<50).map { result("b\(b)/\($0)", "passed") }).status != 507) }
        let stop = Flag()
        let writer = DispatchQueue(label: "ingest")
        writer.async {
            let api = APIClient(server)
            var b = 0
            while !stop.isSet { _ = try? api.post(run: "during", results: (0..<50).map { result("d\(b)/\($0)", "passed") }); b += 1 }
        }
        let copy = server.directory.appendingPathComponent("backup.db").path
        let run = try CLIRun.verdict(["backup", "--db", server.databasePath, copy])
        stop.set()
        writer.sync {}
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("check ok"), "\(run.stdout)")
        #expect(try CLIRun.verdict(["backup", "--db", server.databasePath, copy]).status != 0, "overwrote without --force")
        let store = try Store(path: copy, migrations: shippedMigrations, now: 0)
        defer { store.close() }
        #expect(try store.integrityCheck() == "ok")
        #expect(try store.run(project: "demo", key: "before")?.attempts == 1000)
    }

    @Test func prune_whileIngesting_deletesOldFinishedRuns_andKeepsEverythingElse() throws {
        let server = try ServerProcess()
        let api = APIClient(server)
        for r in 0..<3 {
            for b in 0..<4 { _ = try api.post(run: "old-\(r)", results: (0..<250).map { result("r\(r)/b\(b)/\($0)", "failed") }) }
            _ = try api.send("POST", "/api/v1/projects/demo/runs/old-\(r)/finish", body: Array("{}".utf8))
        }
        let acknowledged = Acknowledged()
        let stop = Flag()
        let writer = DispatchQueue(label: "ingest")
        writer.async {
            let api = APIClient(server)
            var b = 0
            while !stop.isSet {
                let tests = (0..<20).map { "live/\(b)/\($0)" }
                if let reply = try? api.post(run: "live", results: tests.map { result($0, "passed") }), reply.status == 201 || reply.status == 200 {
                    acknowledged.add(tests)
                }
                b += 1
            }
        }
        let run = try CLIRun.verdict(["prune", "--db", server.databasePath, "--older-than-days", "0", "--batch-size", "100"])
        stop.set()
        writer.sync {}
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("pruned 3 runs"), "\(run.stdout)")
        for r in 0..<3 { #expect(try api.get("/api/v1/projects/demo/runs/old-\(r)").status == 404) }
        let stored = Set(try api.allResults(run: "live").compactMap { $0["test"]?.string })
        #expect(acknowledged.all.isSubset(of: stored))
        #expect(!acknowledged.all.isEmpty)
    }

    @Test func serveWithRetention_prunesOldRunsAtStart() throws {
        let server = try ServerProcess()
        let api = APIClient(server)
        _ = try api.post(run: "old", results: [result("a", "passed")])
        _ = try api.send("POST", "/api/v1/projects/demo/runs/old/finish", body: Array("{}".utf8))
        server.terminate()
        // A tiny retention (about 0.09 s) makes the run old at the next start.
        let retained = try ServerProcess(arguments: ["--retain-days", "0.000001"], directory: server.directory)
        let deadline = Date().addingTimeInterval(30)
        var status = 200
        while Date() < deadline, status == 200 {
            status = try APIClient(retained).get("/api/v1/projects/demo/runs/old").status
            if status == 200 { Thread.sleep(forTimeInterval: 0.5) }
        }
        #expect(status == 404)
        // The report line follows the prune's last step.
        let log = retained.stderr(containing: "retention: pruned")
        #expect(log.contains("retention: pruned 1 runs"), "\(log)")
    }
}
