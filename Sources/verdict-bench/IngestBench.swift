import ArgumentParser
import Dispatch
import Foundation
import HTTPServer
import Reports

/// Native JSON ingest at 1, 4 and 16 workers against the raw SQLite insert limit, interleaved.
struct IngestBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ingest", abstract: "Results/s of parallel native ingest vs raw SQLite.")

    @OptionGroup var options: BenchOptions
    @Option(help: "Batches each worker posts (default 50; 20 with --quick).") var batches: Int?
    @Option(help: "Results in each batch.") var batchSize = 100
    @Option(parsing: .upToNextOption, help: "Worker counts to measure.") var workers: [Int] = [1, 4, 16]

    func run() throws {
        let batches = self.batches ?? (options.isQuick ? 20 : 50)
        var rows: [BenchRow] = []
        var figures: [String: Sample] = [:]
        for count in workers {
            var verdictRates: [Double] = [], rawRates: [Double] = [], p50: [Double] = [], p99: [Double] = []
            var peaks: [Double] = [], bytesPerResult: [Double] = []
            for repetition in 0..<options.repetitions {
                // A and B interleaved (and alternating which goes first), so drift in the machine's
                // load hits both.
                func verdict() throws {
                    let result = try measureVerdict(workers: count, batches: batches)
                    verdictRates.append(result.rate)
                    p50.append(result.p50)
                    p99.append(result.p99)
                    peaks.append(result.peakMiB)
                    bytesPerResult.append(result.bytesPerResult)
                }
                // The limit for `count` workers: their posts together in one transaction, the most
                // that group commit could gather while each post is durable before its answer.
                func raw() throws { rawRates.append(try SQLiteBaseline.insertRate(results: count * batches * batchSize, postSize: batchSize, postsPerTransaction: count)) }
                if repetition % 2 == 0 { try verdict(); try raw() } else { try raw(); try verdict() }
            }
            let verdict = Sample(values: verdictRates), raw = Sample(values: rawRates)
            let ratio = verdict.ratio(to: raw)
            figures["results_per_s.\(count)"] = verdict
            figures["raw_rows_per_s.\(count)"] = raw
            figures["ratio.\(count)"] = ratio
            figures["p50_ms.\(count)"] = Sample(values: p50)
            figures["p99_ms.\(count)"] = Sample(values: p99)
            figures["peak_rss_mib.\(count)"] = Sample(values: peaks)
            figures["bytes_per_result.\(count)"] = Sample(values: bytesPerResult)
            rows.append(BenchRow(name: "ingest, \(count) worker\(count == 1 ? "" : "s")", value: verdict.describe() + " results/s",
                                 note: "raw SQLite \(raw.describe()) rows/s"))
            rows.append(BenchRow(
                name: "  Verdict ÷ raw SQLite, \(count) worker\(count == 1 ? "" : "s")", value: ratio.describe(Format.ratio),
                target: count == 16 ? Target(goal: "≥ 0.50", met: ratio.median >= 0.5) : nil))
            rows.append(BenchRow(name: "  latency per \(batchSize)-result post", value: "p50 \(Sample(values: p50).describe(Format.ms))",
                                 note: "p99 \(Sample(values: p99).describe(Format.ms))"))
            rows.append(BenchRow(name: "  server peak RSS", value: Sample(values: peaks).describe(Format.mib)))
        }
        let note = "\(batches) posts of \(batchSize) results per worker over keep-alive connections into one run; "
            + "raw SQLite commits workers × \(batchSize) rows per transaction (synchronous=FULL, as Verdict)"
        rows.insert(BenchRow(name: "setup", value: "", note: note), at: 0)
        try BenchReport.write(rows, title: "Ingest", figures: figures, quick: options.isQuick, to: options.output)
    }

    /// One post: `size` results of worker `w`, every tenth failed with a message.
    static func body(worker w: Int, batch b: Int, size: Int) -> [UInt8] {
        var results: [JSONValue] = []
        for i in 0..<size {
            let failed = i % 10 == 0
            let result: JSONValue = .object([
                ("test", .string("tests/w\(w)/test_\(b).py::test_\(i)")),
                ("status", .string(failed ? "failed" : "passed")),
                ("duration_ms", .int(i)),
                ("message", failed ? .string("AssertionError: \(i) != 0") : .null),
            ])
            results.append(result)
        }
        return JSONWriter.bytes(.object([("worker", .string("gw\(w)")), ("results", .array(results))]))
    }

    struct Measurement { var rate: Double; var p50: Double; var p99: Double; var peakMiB: Double; var bytesPerResult: Double }

    func measureVerdict(workers count: Int, batches: Int) throws -> Measurement {
        let server = try options.startServer()
        var stopped = false
        defer { if !stopped { server.stop() } }
        let bodies = (0..<count).map { w in (0..<batches).map { b in Self.body(worker: w, batch: b, size: batchSize) } }
        let latencies = LatencyLog()
        let failures = LatencyLog()
        let started = DispatchTime.now().uptimeNanoseconds
        Parallel.run(count) { w in
            let client = server.client()
            for body in bodies[w] {
                let t0 = DispatchTime.now().uptimeNanoseconds
                let response = try? client.send("POST", "/api/v1/projects/bench/runs/r1/results", headers: server.writeHeaders, body: body)
                guard let response, response.status < 300 else {
                    failures.add(Double(response?.status ?? 0))
                    return
                }
                latencies.add(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        guard failures.all.isEmpty else { throw BenchError.unexpected("ingest: posts failed with status \(failures.all)") }
        let sample = Sample(values: latencies.all)
        let peak = Double(server.memoryKiB.peak) / 1024
        let results = count * batches * batchSize
        let bytes = server.stop()
        stopped = true
        return Measurement(rate: Double(results) / seconds, p50: sample.percentile(50), p99: sample.percentile(99),
                           peakMiB: peak, bytesPerResult: Double(bytes) / Double(results))
    }
}

final class LatencyLog: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Double] = []
    func add(_ v: Double) { lock.withLock { values.append(v) } }
    var all: [Double] { lock.withLock { values } }
}
