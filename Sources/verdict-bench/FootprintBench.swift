import ArgumentParser
import Foundation
import HTTPServer

/// Binary size, start-up time to the first answered request (empty and 2M-result database), idle
/// RSS, peak RSS under the 16-worker ingest, database bytes per stored result.
struct FootprintBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "footprint", abstract: "Binary size, start-up time, memory, database size.")

    @OptionGroup var options: BenchOptions

    func run() throws {
        let size = Double(FileSize.of(options.verdict)) / 1_048_576
        var rows = [BenchRow(name: "binary size", value: Format.mib(size), note: "\(options.verdict), UI and migrations embedded")]
        var figures: [String: Sample] = ["binary_mib": Sample(values: [size])]

        var startups: [Double] = [], idle: [Double] = []
        for _ in 0..<options.repetitions {
            let (ms, server) = try startUp(database: nil)
            defer { server.stop() }
            startups.append(ms)
            let client = server.client()
            for _ in 0..<100 { _ = try client.send("GET", "/api/v1/projects") }
            Thread.sleep(forTimeInterval: 0.5)
            idle.append(Double(server.memoryKiB.rss) / 1024)
        }
        figures["startup_ms.empty"] = Sample(values: startups)
        figures["idle_rss_mib"] = Sample(values: idle)
        rows.append(BenchRow(name: "start-up to first answer, empty database", value: Sample(values: startups).describe(Format.ms),
                             note: "launch of verdict serve to the first GET /healthz answered"))

        let history = HistoryDatabases(quick: options.isQuick, cache: options.cache)
        let largeLabel = QueriesBench.label(history.largeResults)
        if history.isComplete {
            var large: [Double] = []
            for _ in 0..<options.repetitions {
                let (ms, server) = try startUp(database: history.large)
                server.stop()
                large.append(ms)
            }
            figures["startup_ms.large"] = Sample(values: large)
            rows.append(BenchRow(name: "start-up to first answer, \(largeLabel)-result database", value: Sample(values: large).describe(Format.ms)))
        } else {
            rows.append(.unavailable("start-up to first answer, \(largeLabel)-result database", "no generated database: run verdict-bench queries"))
        }

        let idleSample = Sample(values: idle)
        rows.append(BenchRow(name: "idle RSS", value: idleSample.describe(Format.mib), note: "after 100 requests, empty database",
                             target: Target(goal: "< 20 MiB", met: idleSample.median < 20)))

        if let peak = BenchReport.read(title: "Ingest", from: options.output)?.figures["peak_rss_mib.16"] {
            figures["peak_rss_mib.ingest16"] = peak
            rows.append(BenchRow(name: "peak RSS, 16-worker ingest", value: peak.describe(Format.mib), note: "VmHWM, from the ingest benchmark",
                                 target: Target(goal: "< 100 MiB", met: peak.median < 100)))
        } else {
            rows.append(.unavailable("peak RSS, 16-worker ingest", "run verdict-bench ingest first", target: "< 100 MiB"))
        }

        if history.isComplete {
            let count = HistoryDatabases.resultCount(history.large)
            let bytes = Double(HistoryDatabases.bytes(history.large))
            let perResult = count > 0 ? bytes / Double(count) : 0
            figures["bytes_per_result.large"] = Sample(values: [perResult])
            rows.append(BenchRow(name: "database bytes per stored result", value: String(format: "%.0f B", perResult),
                                 note: String(format: "generated project: %.0f MiB for %@ results, all indexes", bytes / 1_048_576, Format.count(Double(count)))))
        }
        if let ingest = BenchReport.read(title: "Ingest", from: options.output)?.figures["bytes_per_result.16"] {
            rows.append(BenchRow(name: "  in the ingest benchmark", value: ingest.describe { String(format: "%.0f B", $0) },
                                 note: "one run, distinct tests, short messages"))
        }
        try BenchReport.write(rows, title: "Footprint", figures: figures, quick: options.isQuick, to: options.output)
    }

    /// Milliseconds from launching `verdict serve` to its first answered `GET /healthz`.
    func startUp(database: String?) throws -> (Double, ServerUnderTest) {
        let started = DispatchTime.now().uptimeNanoseconds
        let server = try options.startServer(database: database)
        let response = try HTTPClient(port: server.port).send("GET", "/healthz")
        let ms = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
        guard response.status == 200 else { throw BenchError.unexpected("/healthz answered \(response.status)") }
        return (ms, server)
    }
}
