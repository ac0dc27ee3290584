import ArgumentParser
import Dispatch
import Foundation
import HTTPServer

/// p50/p99 of the read endpoints on the generated 2M-result project, and how they change from
/// 200k results: two servers, one on each database, called alternately.
struct QueriesBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "queries", abstract: "Read endpoints at 200k and 2M results.")

    @OptionGroup var options: BenchOptions
    @Option(help: "Calls of each endpoint per repetition and database (fewer if they take longer than --seconds).") var calls = 50
    @Option(help: "Time budget per endpoint, repetition and database, in seconds (default 6; 2 with --quick).") var seconds: Double?

    func run() throws {
        let databases = HistoryDatabases(quick: options.isQuick, cache: options.cache)
        let smallLabel = Self.label(databases.smallResults), largeLabel = Self.label(databases.largeResults)
        guard HistoryDatabases.generatorExists else {
            try BenchReport.write([.unavailable("queries at \(largeLabel) results", "generator \(HistoryDatabases.generator) missing", target: "p99 < 100 ms")],
                                  title: "Queries", quick: options.isQuick, to: options.output)
            return
        }
        let generation = try databases.ensure(verdict: options.verdict)
        let small = try options.startServer(database: databases.small)
        defer { small.stop() }
        let large = try options.startServer(database: databases.large)
        defer { large.stop() }

        let test = "tests/pkg_00/test_mod_0000.py::test_case_00000".addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let endpoints: [(String, (String) -> String)] = [
            ("/runs", { _ in "/api/v1/projects/bench/runs" }),
            ("/runs/{run}", { "/api/v1/projects/bench/runs/\($0)" }),
            ("/tests/history", { _ in "/api/v1/projects/bench/tests/history?test=\(test)&limit=100" }),
            ("/flaky", { _ in "/api/v1/projects/bench/flaky" }),
            ("/runs/{run}/compare", { "/api/v1/projects/bench/runs/\($0)/compare" }),
            ("/runs/{run}/failures", { "/api/v1/projects/bench/runs/\($0)/failures" }),
        ]
        let budget = seconds ?? (options.isQuick ? 2 : 6)
        let smallCount = HistoryDatabases.resultCount(databases.small), largeCount = HistoryDatabases.resultCount(databases.large)
        var rows = [BenchRow(name: "setup", value: "", note: "\(HistoryDatabases.generator): \(databases.tests) tests, runs of 4 workers; "
                             + "\(Format.count(Double(smallCount))) and \(Format.count(Double(largeCount))) stored results; "
                             + "up to \(calls) calls per repetition, alternating between the two databases"
                             + (generation.map { String(format: "; generated in %.0f s", $0) } ?? "; databases from the cache"))]
        var figures: [String: Sample] = [:]
        for (name, path) in endpoints {
            let smallPath = path(databases.smallLastRun), largePath = path(databases.largeLastRun)
            guard large.answers("GET", largePath) else {
                rows.append(.unavailable("GET \(name)", "endpoint missing", target: name == "/runs/{run}/failures" ? nil : "p99 < 100 ms"))
                continue
            }
            var p50 = [[Double](), [Double]()], p99 = [[Double](), [Double]()]
            let clients = [small.client(), large.client()]
            for (index, target) in [smallPath, largePath].enumerated() { for _ in 0..<2 { _ = try get(clients[index], target) } }
            for _ in 0..<options.repetitions {
                var latencies = [[Double](), [Double]()]
                var spent = [0.0, 0.0]
                while latencies[0].count < calls && spent.max()! < budget {
                    for (index, target) in [smallPath, largePath].enumerated() {
                        let ms = try get(clients[index], target)
                        latencies[index].append(ms)
                        spent[index] += ms / 1000
                    }
                }
                for index in 0..<2 {
                    p50[index].append(Sample(values: latencies[index]).percentile(50))
                    p99[index].append(Sample(values: latencies[index]).percentile(99))
                }
            }
            let growth = Sample(values: p50[1]).ratio(to: Sample(values: p50[0]))
            let largeP99 = Sample(values: p99[1])
            figures["\(name).p50_ms.large"] = Sample(values: p50[1])
            figures["\(name).p99_ms.large"] = largeP99
            figures["\(name).p50_ms.small"] = Sample(values: p50[0])
            figures["\(name).p99_ms.small"] = Sample(values: p99[0])
            figures["\(name).growth"] = growth
            rows.append(BenchRow(name: "GET \(name), \(largeLabel)", value: "p50 \(Sample(values: p50[1]).describe(Format.ms))",
                                 note: "p99 \(largeP99.describe(Format.ms))",
                                 target: name == "/runs/{run}/failures" ? nil : Target(goal: "p99 < 100 ms", met: largeP99.median < 100)))
            rows.append(BenchRow(name: "  at \(smallLabel)", value: "p50 \(Sample(values: p50[0]).describe(Format.ms))",
                                 note: "p99 \(Sample(values: p99[0]).describe(Format.ms))"))
            rows.append(BenchRow(name: "  \(largeLabel) ÷ \(smallLabel), p50", value: growth.describe(Format.ratio)))
        }
        try BenchReport.write(rows, title: "Queries", figures: figures, quick: options.isQuick, to: options.output)
    }

    /// Milliseconds for one GET, which must succeed.
    func get(_ client: HTTPClient, _ path: String) throws -> Double {
        let t0 = DispatchTime.now().uptimeNanoseconds
        let response = try client.send("GET", path)
        let ms = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
        guard response.status == 200 else { throw BenchError.unexpected("GET \(path): \(response.status) \(response.text.prefix(200))") }
        return ms
    }

    static func label(_ results: Int) -> String {
        results >= 1_000_000 ? "\(results / 1_000_000)M" : "\(results / 1000)k"
    }
}
