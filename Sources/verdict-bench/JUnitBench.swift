import ArgumentParser
import Foundation
import HTTPServer

/// MB/s and results/s for one large JUnit report, and the server's peak RSS while ingesting it.
struct JUnitBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "junit", abstract: "Ingest of a 50 MB JUnit report.")

    @OptionGroup var options: BenchOptions
    @Option(help: "Report size in MB (default 50; 10 with --quick).") var megabytes: Int?

    func run() throws {
        let megabytes = self.megabytes ?? (options.isQuick ? 10 : 50)
        let (path, cases) = try JUnitReport.cached(megabytes: megabytes, in: options.cache)
        let report = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        var rates: [Double] = [], resultRates: [Double] = [], peaks: [Double] = [], idle: [Double] = []
        for _ in 0..<options.repetitions {
            let server = try options.startServer()
            defer { server.stop() }
            let client = server.client(timeoutMs: 600_000)
            _ = try client.send("GET", "/healthz")
            idle.append(Double(server.memoryKiB.rss) / 1024)
            let headers = HTTPHeaders([("Authorization", "Bearer \(server.token)"), ("Content-Type", "application/xml")])
            let started = DispatchTime.now().uptimeNanoseconds
            let response = try client.send("POST", "/api/v1/projects/bench/runs/junit-1/junit?worker=ci", headers: headers, body: report)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            let answer = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
            guard response.status < 300, (answer?["accepted"] as? NSNumber)?.intValue == cases else {
                throw BenchError.unexpected("JUnit post: \(response.status) \(response.text.prefix(300)) (expected \(cases) accepted)")
            }
            rates.append(Double(report.count) / 1e6 / seconds)
            resultRates.append(Double(cases) / seconds)
            peaks.append(Double(server.memoryKiB.peak) / 1024)
        }
        let peak = Sample(values: peaks)
        let rows = [
            BenchRow(name: "report", value: String(format: "%.1f MB", Double(report.count) / 1e6),
                     note: "\(Format.count(Double(cases))) testcases in one POST …/junit; 5 % failures with traces, 3 % skipped, 2 % with output"),
            BenchRow(name: "throughput", value: Sample(values: rates).describe { String(format: "%.1f MB/s", $0) },
                     note: "request sent to answer received, so parse, store and commit"),
            BenchRow(name: "results stored", value: Sample(values: resultRates).describe() + " results/s"),
            BenchRow(name: "server peak RSS", value: peak.describe(Format.mib), note: "idle before the post \(Sample(values: idle).describe(Format.mib))",
                     target: Target(goal: "< 100 MiB", met: peak.median < 100)),
        ]
        try BenchReport.write(rows, title: "JUnit", figures: ["mb_per_s": Sample(values: rates), "results_per_s": Sample(values: resultRates), "peak_rss_mib": peak],
                              quick: options.isQuick, to: options.output)
    }
}

/// A generated pytest-style JUnit report, written once into the cache folder.
enum JUnitReport {
    /// The report's path and its number of testcases.
    static func cached(megabytes: Int, in cache: String) throws -> (String, Int) {
        try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
        let path = "\(cache)/junit-\(megabytes)MB.xml"
        let countPath = path + ".cases"
        if let count = (try? String(contentsOfFile: countPath, encoding: .utf8)).flatMap({ Int($0) }), FileManager.default.fileExists(atPath: path) {
            return (path, count)
        }
        let (bytes, cases) = generate(bytes: megabytes * 1_000_000)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        try String(cases).write(toFile: countPath, atomically: true, encoding: .utf8)
        return (path, cases)
    }

    /// Suites of 500 cases until `bytes` is reached; the same bytes for the same size every time.
    static func generate(bytes target: Int) -> ([UInt8], Int) {
        var out = [UInt8]()
        out.reserveCapacity(target + 100_000)
        func emit(_ s: String) { out.append(contentsOf: s.utf8) }
        emit("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<testsuites name=\"pytest tests\">\n")
        var i = 0, suite = 0
        let trace = (1...12).map { "    tests/pkg/test_mod.py:\($0 * 7): in helper_\($0)\n        value = compute(a, b, c)  # line \($0)" }.joined(separator: "\n")
        let output = String(repeating: "INFO worker started; connecting to fixture database at 127.0.0.1:5432\n", count: 7)
        while out.count < target {
            emit("  <testsuite name=\"tests.pkg_\(suite)\" errors=\"0\" failures=\"0\" skipped=\"0\" tests=\"500\" time=\"12.3\" timestamp=\"2026-11-28T05:00:00\" hostname=\"ci-\(suite % 8)\">\n")
            for _ in 0..<500 {
                let name = "test_case_\(i)[param-\(i % 13)]"
                let classname = "tests.pkg_\(suite).test_mod_\(i / 25)"
                let time = String(format: "%.3f", Double(i % 997) / 1000)
                switch i % 100 {
                case 0..<5:
                    emit("    <testcase classname=\"\(classname)\" name=\"\(name)\" time=\"\(time)\"><failure message=\"AssertionError: assert \(i % 7) == \(i % 11)\" type=\"AssertionError\">")
                    emit("def \(name.prefix(14))():\n&gt;   assert compute(\(i % 7)) == \(i % 11)\nE   AssertionError: assert \(i % 7) == \(i % 11)\n\(trace)</failure></testcase>\n")
                case 5..<8:
                    emit("    <testcase classname=\"\(classname)\" name=\"\(name)\" time=\"0.000\"><skipped message=\"needs a GPU\" type=\"pytest.skip\">tests/pkg/test_mod.py:12: needs a GPU</skipped></testcase>\n")
                case 8..<10:
                    emit("    <testcase classname=\"\(classname)\" name=\"\(name)\" time=\"\(time)\"><system-out>\(output)</system-out></testcase>\n")
                default:
                    emit("    <testcase classname=\"\(classname)\" name=\"\(name)\" time=\"\(time)\"/>\n")
                }
                i += 1
            }
            emit("  </testsuite>\n")
            suite += 1
        }
        emit("</testsuites>\n")
        return (out, i)
    }
}
