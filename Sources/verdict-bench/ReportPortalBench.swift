import ArgumentParser
import Dispatch
import Foundation
import HTTPServer

/// The ReportPortal-compatible API: item start+finish pairs per second with 8 concurrent clients
/// speaking the agent's protocol, and the wall-time overhead of `--reportportal` on a pytest suite.
struct ReportPortalBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reportportal", abstract: "ReportPortal protocol throughput and pytest overhead.")

    @OptionGroup var options: BenchOptions
    @Option(help: "Concurrent protocol clients.") var clients = 8
    @Option(help: "Start+finish pairs per client (default 500; 150 with --quick).") var pairs: Int?
    @Option(help: "Python with pytest, pytest-xdist and pytest-reportportal (make bench creates it).") var python = "bench/cache/venv/bin/python"
    @Option(help: "Tests in the generated suite (default 2000; 500 with --quick).") var tests: Int?
    @Option(help: "pytest-xdist workers.") var xdist = 4
    @Flag(inversion: .prefixedNo, help: "Measure the pytest suite's overhead too.") var pytest = true

    func run() throws {
        var rows: [BenchRow] = []
        var figures: [String: Sample] = [:]
        let probe = try options.startServer()
        let present = probe.answers("POST", "/api/v2/bench/launch", body: Array(#"{"name": "probe", "startTime": "1795840973407"}"#.utf8))
        probe.stop()
        guard present else {
            rows.append(.unavailable("item start+finish pairs, \(clients) clients", "endpoint missing"))
            rows.append(.unavailable("pytest --reportportal overhead", "endpoint missing", target: "≤ 10 %"))
            try BenchReport.write(rows, title: "ReportPortal", quick: options.isQuick, to: options.output)
            return
        }
        try measureProtocol(&rows, &figures)
        if pytest { try PytestOverhead(bench: self).measure(&rows, &figures) }
        try BenchReport.write(rows, title: "ReportPortal", figures: figures, quick: options.isQuick, to: options.output)
    }

    func measureProtocol(_ rows: inout [BenchRow], _ figures: inout [String: Sample]) throws {
        let pairs = self.pairs ?? (options.isQuick ? 150 : 500)
        var rates: [Double] = [], p50: [Double] = [], p99: [Double] = []
        for _ in 0..<options.repetitions {
            let server = try options.startServer()
            defer { server.stop() }
            let protocolClient = RPProtocol(server: server)
            let launch = try protocolClient.startLaunch(server.client())
            let latencies = LatencyLog(), failures = LatencyLog()
            let started = DispatchTime.now().uptimeNanoseconds
            Parallel.run(clients) { c in
                let client = server.client()
                for i in 0..<pairs {
                    let t0 = DispatchTime.now().uptimeNanoseconds
                    do {
                        let item = try protocolClient.startItem(client, launch: launch, name: "tests/test_w\(c).py::test_\(i)")
                        try protocolClient.finishItem(client, launch: launch, item: item, status: i % 20 == 0 ? "FAILED" : "PASSED")
                    } catch {
                        failures.add(1)
                        return
                    }
                    latencies.add(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
                }
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            guard failures.all.isEmpty else { throw BenchError.unexpected("ReportPortal protocol: a start or finish failed") }
            try protocolClient.finishLaunch(server.client(), launch: launch)
            let sample = Sample(values: latencies.all)
            rates.append(Double(clients * pairs) / seconds)
            p50.append(sample.percentile(50))
            p99.append(sample.percentile(99))
        }
        figures["pairs_per_s"] = Sample(values: rates)
        figures["pair_p50_ms"] = Sample(values: p50)
        figures["pair_p99_ms"] = Sample(values: p99)
        rows.append(BenchRow(name: "item start+finish pairs, \(clients) clients", value: Sample(values: rates).describe() + " pairs/s",
                             note: "\(pairs) pairs per client into one launch, keep-alive, agent's JSON bodies"))
        rows.append(BenchRow(name: "  latency per pair", value: "p50 \(Sample(values: p50).describe(Format.ms))", note: "p99 \(Sample(values: p99).describe(Format.ms))"))
    }
}

/// The requests the pytest agent sends, with its bodies (shared/reportportal/PROTOCOL.md §4).
struct RPProtocol: Sendable {
    let project = "bench"
    let headers: HTTPHeaders

    init(server: ServerUnderTest) { headers = server.writeHeaders }

    /// The agent's ISO 8601 form: microseconds and an offset without a colon.
    static func now() -> String {
        var tv = timeval()
        gettimeofday(&tv, nil)
        var t = time_t(tv.tv_sec)
        var parts = tm()
        gmtime_r(&t, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%06d+0000", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                      parts.tm_hour, parts.tm_min, parts.tm_sec, Int32(tv.tv_usec))
    }

    func send(_ client: HTTPClient, _ method: String, _ path: String, _ body: [String: Any]) throws -> [String: Any] {
        let data = try JSONSerialization.data(withJSONObject: body)
        let response = try client.send(method, path, headers: headers, body: [UInt8](data))
        guard response.status < 300, let answer = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] else {
            throw BenchError.unexpected("\(method) \(path): \(response.status) \(response.text.prefix(200))")
        }
        return answer
    }

    func startLaunch(_ client: HTTPClient) throws -> String {
        let answer = try send(client, "POST", "/api/v2/\(project)/launch", [
            "name": "bench", "description": "", "mode": "DEFAULT", "startTime": Self.now(), "rerun": false, "rerunOf": NSNull(),
            "attributes": [["key": "agent", "value": "pytest-reportportal|5.6.13", "system": true]],
        ])
        guard let id = answer["id"] as? String else { throw BenchError.unexpected("launch start without id") }
        return id
    }

    func startItem(_ client: HTTPClient, launch: String, name: String) throws -> String {
        let codeRef = name.replacingOccurrences(of: "::", with: ":")
        let answer = try send(client, "POST", "/api/v2/\(project)/item", [
            "name": name, "type": "STEP", "launchUuid": launch, "startTime": Self.now(), "description": NSNull(),
            "codeRef": codeRef, "testCaseId": codeRef, "parameters": NSNull(), "attributes": [] as [Any],
            "hasStats": true, "retry": false, "retryOf": NSNull(),
        ])
        guard let id = answer["id"] as? String else { throw BenchError.unexpected("item start without id") }
        return id
    }

    func finishItem(_ client: HTTPClient, launch: String, item: String, status: String) throws {
        _ = try send(client, "PUT", "/api/v2/\(project)/item/\(item)", [
            "endTime": Self.now(), "launchUuid": launch, "status": status, "issue": NSNull(), "attributes": [] as [Any],
            "description": NSNull(), "testCaseId": NSNull(), "retry": false, "retryOf": NSNull(),
        ])
    }

    func finishLaunch(_ client: HTTPClient, launch: String) throws {
        _ = try send(client, "PUT", "/api/v2/\(project)/launch/\(launch)/finish", [
            "endTime": Self.now(), "status": NSNull(), "attributes": NSNull(), "description": NSNull(),
        ])
    }
}
