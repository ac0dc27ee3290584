import Foundation
import Reports
import Testing

/// JUnit uploads through the real server: hostile input, encodings, reruns, retransmissions,
/// and a 200 MB report in bounded memory.
@Suite struct JUnitUploadTests {
    static let server = Result { try ServerProcess() }

    func upload(_ xml: String, run: String, worker: String = "w", headers: [(String, String)] = [("Content-Type", "application/xml")]) throws -> APIClient.Reply {
        try APIClient(try Self.server.get()).send("POST", "/api/v1/projects/junit/runs/\(run)/junit?worker=\(worker)", body: Array(xml.utf8), headers: headers)
    }

    func runExists(_ run: String) throws -> Bool {
        try APIClient(try Self.server.get()).get("/api/v1/projects/junit/runs/\(run)").status == 200
    }

    @Test func malformedXML_is400WithLineAndColumn_andStoresNothing() throws {
        let reply = try upload("<testsuite>\n  <testcase name=\"a\">\n  </testcas>\n</testsuite>", run: "malformed")
        #expect(reply.status == 400 && reply.errorCode == "invalid_xml")
        #expect(reply.json["error"]?["message"]?.string?.contains("line 3") == true, "\(reply.text)")
        #expect(try !runExists("malformed"))
    }

    @Test func truncatedReport_storesNoneOfItsCases() throws {
        let cases = (0..<3000).map { "<testcase classname=\"c\" name=\"t\($0)\"/>" }.joined()
        let reply = try upload("<testsuites><testsuite name=\"s\">\(cases)", run: "truncated")
        #expect(reply.status == 400)
        #expect(try !runExists("truncated"))
    }

    @Test func externalEntity_isNeverRead() throws {
        let secret = FileManager.default.temporaryDirectory.appendingPathComponent("verdict-secret-\(UUID().uuidString)")
        try "TOP-SECRET-VALUE".write(to: secret, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: secret) }
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE testsuite [<!ENTITY xxe SYSTEM "file://\(secret.path)">]>
            <testsuite name="s"><testcase classname="c" name="&xxe;"><failure message="&xxe;"/></testcase></testsuite>
            """
        let reply = try upload(xml, run: "xxe")
        #expect(reply.status == 400)
        #expect(!reply.text.contains("TOP-SECRET"))
        #expect(try !runExists("xxe"))
    }

    @Test func billionLaughs_isRefused() throws {
        var entities = "<!ENTITY lol \"lol\">"
        for i in 1...9 { entities += "<!ENTITY lol\(i) \"" + String(repeating: "&lol\(i == 1 ? "" : String(i - 1));", count: 10) + "\">" }
        let xml = "<?xml version=\"1.0\"?><!DOCTYPE lolz [\(entities)]><testsuite><testcase name=\"&lol9;\"/></testsuite>"
        let reply = try upload(xml, run: "lol")
        #expect(reply.status == 400)
        #expect(try !runExists("lol"))
    }

    @Test func latin1Report_isDecoded() throws {
        var bytes = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><testsuite name=\"s\"><testcase classname=\"caf".utf8)
        bytes.append(0xE9)  // é in Latin-1
        bytes += Array("\" name=\"t\"/></testsuite>".utf8)
        let reply = try APIClient(try Self.server.get()).send("POST", "/api/v1/projects/junit/runs/latin1/junit", body: bytes,
                                                              headers: [("Content-Type", "application/xml")])
        #expect(reply.status == 201, "\(reply.text)")
        let results = try APIClient(try Self.server.get()).allResults(project: "junit", run: "latin1")
        #expect(results.first?["test"]?.string == "café::t")
    }

    @Test func nonXMLBody_is415() throws {
        #expect(try upload("{\"results\": []}", run: "json", headers: [("Content-Type", "application/json")]).status == 415)
        let reply = try upload("hello, not xml", run: "text", headers: [("Content-Type", "application/xml")])
        #expect(reply.status == 415 && reply.errorCode == "not_xml")
        #expect(try !runExists("text"))
    }

    @Test func sameReportTwice_storesItOnce_andARerunReportAddsAttempts() throws {
        let first = "<testsuite name=\"s\"><testcase classname=\"c\" name=\"a\"/><testcase classname=\"c\" name=\"b\"><failure message=\"boom 1\"/></testcase></testsuite>"
        let one = try upload(first, run: "rerun")
        let again = try upload(first, run: "rerun")
        #expect(one.status == 201 && one.json["accepted"] == 2)
        #expect(again.text == one.text)
        let api = APIClient(try Self.server.get())
        #expect(try api.get("/api/v1/projects/junit/runs/rerun").json["attempts"] == 2)
        // The CI job re-runs the failed test and uploads its report: a second attempt, now passing.
        let rerun = try upload("<testsuite name=\"s\"><testcase classname=\"c\" name=\"b\"/></testsuite>", run: "rerun")
        #expect(rerun.status == 200 && rerun.json["accepted"] == 1)
        let run = try api.get("/api/v1/projects/junit/runs/rerun").json
        #expect(run["attempts"] == 3 && run["counts"]?["flaky"] == 1 && run["counts"]?["passed"] == 1)
    }

    @Test func spooledReportTwice_isAReplay_butOneChangedByteIsNot() throws {
        // Over the 1 MiB spool threshold: the body is parsed from its spool file, and the
        // fingerprint is taken on the same pass.
        let output = String(repeating: "x", count: 2 << 20)
        let report = { (last: String) in
            "<testsuite name=\"s\"><testcase classname=\"c\" name=\"a\"><system-out>\(output)</system-out></testcase>"
                + "<testcase classname=\"c\" name=\"\(last)\"/></testsuite>"
        }
        let one = try upload(report("b"), run: "spooled")
        let again = try upload(report("b"), run: "spooled")
        #expect(one.status == 201 && one.json["accepted"] == 2, "\(one.text)")
        #expect(again.headers["Idempotent-Replayed"] == "true")
        #expect(again.text == one.text)
        // The same size, one byte different near the end of the body: new results.
        let changed = try upload(report("c"), run: "spooled")
        #expect(changed.headers["Idempotent-Replayed"] == nil)
        #expect(changed.status == 200 && changed.json["accepted"] == 2, "\(changed.text)")
    }

    @Test func shardsUploadingInParallel_landInOneRun() throws {
        let server = try Self.server.get()
        DispatchQueue.concurrentPerform(iterations: 4) { shard in
            let cases = (0..<250).map { "<testcase classname=\"shard\(shard)\" name=\"t\($0)\"/>" }.joined()
            _ = try? APIClient(server).send("POST", "/api/v1/projects/junit/runs/sharded/junit?worker=shard\(shard)",
                                            body: Array("<testsuite name=\"s\">\(cases)</testsuite>".utf8), headers: [("Content-Type", "application/xml")])
        }
        let run = try APIClient(server).get("/api/v1/projects/junit/runs/sharded").json
        #expect(run["counts"]?["passed"] == 1000)
        #expect(run["workers"]?.array?.count == 4)
    }
}

/// A 200 MB report is parsed as a stream: the server's memory does not grow with the file.
@Suite struct JUnitLargeUploadTests {
    @Test func twoHundredMegabyteReport_isStoredInBoundedMemory() throws {
        let server = try ServerProcess(arguments: ["--junit-max-output-bytes", "1024"])
        _ = try APIClient(server).get("/healthz")
        let baseline = server.memoryKiB.peak
        var length = 0
        Self.report { length += $0.count }
        #expect(length > 200_000_000)
        let started = Date()
        // Sent a megabyte at a time as it is generated: this test process never holds the
        // report, so memory tests running beside it in the same process are not disturbed.
        let connection = try RawConnection(port: server.port, receiveTimeoutSeconds: 600)
        connection.send("POST /api/v1/projects/big/runs/r1/junit HTTP/1.1\r\nHost: x\r\n"
            + "Authorization: Bearer \(server.token)\r\nContent-Type: application/xml\r\n"
            + "Content-Length: \(length)\r\nConnection: close\r\n\r\n")
        var pending: [UInt8] = []
        Self.report { piece in
            pending += piece
            if pending.count >= 1 << 20 {
                connection.send(pending)
                pending.removeAll(keepingCapacity: true)
            }
        }
        connection.send(pending)
        let answer = connection.receive()
        let body = answer.range(of: "\r\n\r\n").map { String(answer[$0.upperBound...]) } ?? ""
        #expect(RawConnection.status(answer) == 201, "\(answer.prefix(300))")
        #expect((try? JSONParser.parse(Array(body.utf8)))?["accepted"] == 102_000)
        let seconds = Date().timeIntervalSince(started)
        let peakGrowthMiB = Double(server.memoryKiB.peak - baseline) / 1024
        // Generous: the body is 200 MB; what the server holds must not scale with it.
        #expect(peakGrowthMiB < 64, "peak RSS grew by \(peakGrowthMiB) MiB")
        print("200 MB JUnit upload: \(String(format: "%.1f", seconds)) s, peak RSS \(server.memoryKiB.peak / 1024) MiB (growth \(String(format: "%.1f", peakGrowthMiB)) MiB)")
    }

    /// The report, piece by piece: 2,000 chatty tests with 100 KB of output each, then 100,000
    /// small ones.
    static func report(_ emit: ([UInt8]) -> Void) {
        emit(Array("<?xml version=\"1.0\"?><testsuites><testsuite name=\"big\">".utf8))
        let output = String(repeating: "log line of a chatty test, with some detail 0123456789\n", count: 1800)
        for i in 0..<2000 {
            emit(Array("<testcase classname=\"big.Chatty\" name=\"t\(i)\" time=\"0.5\"><system-out>\(output)</system-out></testcase>".utf8))
        }
        for i in 0..<100_000 {
            emit(Array("<testcase classname=\"big.Small\(i % 100)\" name=\"test_\(i)\" time=\"0.001\"/>".utf8))
        }
        emit(Array("</testsuite></testsuites>".utf8))
    }
}
