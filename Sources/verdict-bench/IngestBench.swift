import ArgumentParser
import Dispatch
import Foundation
import HTTPServer
import Reports

/// Native JSON ingest at 1, 4 and 16 workers against the raw SQLite insert limit, interleaved.
struct IngestBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ingest", abstract: "Results/s of parallel native ingest vs raw SQLite.")

    @OptionGroup var options: BenchOptions
    @Option(help: "Batches each worker posts.") var batches = 50
    @Option(help: "Results in each batch.") var batchSize = 100
    @Option(help: "Extra arguments for verdict serve.") var serveArguments = ""
    @Option(parsing: .upToNextOption, help: "Worker counts to measure.") var workers: [Int] = [1, 4, 16]

    func run() throws {
        var rows: [BenchRow] = []
        for count in workers {
            var verdictRates: [Double] = [], rawRates: [Double] = [], p50: [Double] = [], p99: [Double] = [], peaks: [Double] = []
            for _ in 0..<options.repetitions {
                // A and B interleaved, so drift in the machine's load hits both.
                let result = try measureVerdict(workers: count)
                verdictRates.append(result.rate)
                p50.append(result.p50)
                p99.append(result.p99)
                peaks.append(result.peakMiB)
                rawRates.append(try SQLiteBaseline.insertRate(results: count * batches * batchSize, batchSize: batchSize))
            }
            let ratio = Sample(values: zip(verdictRates, rawRates).map { $0 / $1 })
            rows.append(BenchRow(name: "ingest \(count) workers", value: Sample(values: verdictRates).describe() + " results/s",
                                 note: "raw SQLite \(Sample(values: rawRates).describe()) rows/s; ratio \(ratio.describe { String(format: "%.2f", $0) })"))
            rows.append(BenchRow(name: "  latency \(count) workers", value: "p50 \(Sample(values: p50).describe { String(format: "%.1f", $0) }) ms",
                                 note: "p99 \(Sample(values: p99).describe { String(format: "%.1f", $0) }) ms per \(batchSize)-result post"))
            rows.append(BenchRow(name: "  peak RSS \(count) workers", value: Sample(values: peaks).describe { String(format: "%.1f", $0) } + " MiB", note: ""))
        }
        try BenchReport.write(rows, title: "Ingest", to: options.output)
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

    struct Measurement { var rate: Double; var p50: Double; var p99: Double; var peakMiB: Double }

    func measureVerdict(workers count: Int) throws -> Measurement {
        let server = try ServerUnderTest(binary: options.verdict, arguments: serveArguments.split(separator: " ").map(String.init))
        defer { server.stop() }
        let bodies = (0..<count).map { w in (0..<batches).map { b in Self.body(worker: w, batch: b, size: batchSize) } }
        let latencies = LatencyLog()
        let started = DispatchTime.now().uptimeNanoseconds
        DispatchQueue.concurrentPerform(iterations: count) { w in
            let client = HTTPClient(port: server.port)
            let headers = HTTPHeaders([("Authorization", "Bearer \(server.token)"), ("Content-Type", "application/json")])
            for body in bodies[w] {
                let t0 = DispatchTime.now().uptimeNanoseconds
                let response = try? client.send("POST", "/api/v1/projects/bench/runs/r1/results", headers: headers, body: body)
                precondition(response.map { $0.status < 300 } ?? false, "ingest failed: \(response?.text ?? "no answer")")
                latencies.add(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let sample = Sample(values: latencies.all)
        return Measurement(rate: Double(count * batches * batchSize) / seconds, p50: sample.percentile(50), p99: sample.percentile(99),
                           peakMiB: Double(server.memoryKiB.peak) / 1024)
    }
}

final class LatencyLog: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Double] = []
    func add(_ v: Double) { lock.withLock { values.append(v) } }
    var all: [Double] { lock.withLock { values } }
}
