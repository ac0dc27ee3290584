import ArgumentParser
import Foundation
import HTTPServer

/// Requests/s and p99 with wrk at 64 connections: a static file against nginx serving the same
/// file, and `GET /healthz` against the same endpoint in a minimal Hummingbird 2 app.
struct HTTPBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "http", abstract: "HTTP core vs nginx (static file) and Hummingbird (JSON).")

    @OptionGroup var options: BenchOptions
    @Option(help: "The UI folder nginx serves (Verdict serves its embedded copy of it).") var publicDirectory = "public"
    @Option(help: "The file both serve.") var file = "/index.html"
    @Option(help: "The Hummingbird peer (bench/hummingbird, built by make bench).") var hummingbird = "bench/hummingbird/healthz-peer/.build/release/healthz-peer"
    @Option(help: "wrk connections.") var connections = 64
    @Option(help: "Seconds of each wrk run (default 5; 2 with --quick).") var seconds: Int?

    func run() throws {
        let seconds = self.seconds ?? (options.isQuick ? 2 : 5)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("verdict-http-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let verdict = try options.startServer()
        defer { verdict.stop() }

        var rows: [BenchRow] = []
        var figures: [String: Sample] = [:]
        let setup = "wrk -t2 -c\(connections) -d\(seconds)s on 127.0.0.1, \(options.repetitions) interleaved repetitions after a 1 s warm-up each"

        // (a) a static file of public/ against nginx serving the same file.
        do {
            let root = URL(fileURLWithPath: publicDirectory).standardizedFileURL.path
            let nginx = try Peers.nginx(root: root, port: try PeerProcess.freePort(), folder: folder)
            defer { nginx.stop() }
            let (verdictAnswer, nginxAnswer) = (try fetch(port: verdict.port, file), try fetch(port: nginx.port, file))
            guard verdictAnswer.status == 200, verdictAnswer.body == nginxAnswer.body else {
                throw BenchError.unexpected("Verdict and nginx answer \(file) differently (\(verdictAnswer.status) vs \(nginxAnswer.status))")
            }
            let result = try compare(verdictPort: verdict.port, peerPort: nginx.port, path: file, seconds: seconds, folder: folder)
            record(&rows, &figures, result, key: "static", label: "static \(file)", peer: "nginx", goal: 0.8,
                   note: "\(verdictAnswer.body.count) B body; headers \(headerBytes(verdictAnswer)) B (Verdict), \(headerBytes(nginxAnswer)) B (nginx)")
        } catch BenchError.missingTool(let tool) {
            rows.append(.unavailable("static \(file) vs nginx", "\(tool) missing", target: "≥ 0.80"))
        }

        // (b) a small JSON endpoint against the same endpoint in Hummingbird.
        if FileManager.default.isExecutableFile(atPath: hummingbird) {
            let peer = try Peers.hummingbird(binary: hummingbird, port: try PeerProcess.freePort(), folder: folder)
            defer { peer.stop() }
            let (verdictAnswer, peerAnswer) = (try fetch(port: verdict.port, "/healthz"), try fetch(port: peer.port, "/healthz"))
            guard verdictAnswer.status == 200, verdictAnswer.body == peerAnswer.body,
                  verdictAnswer.headers["Content-Type"] == peerAnswer.headers["Content-Type"]
            else {
                throw BenchError.unexpected("Verdict and Hummingbird answer /healthz differently: \(verdictAnswer.text) vs \(peerAnswer.text)")
            }
            let result = try compare(verdictPort: verdict.port, peerPort: peer.port, path: "/healthz", seconds: seconds, folder: folder)
            record(&rows, &figures, result, key: "json", label: "GET /healthz", peer: "Hummingbird", goal: 1.0,
                   note: "\(verdictAnswer.text) after a pooled SQLite read in both; headers \(headerBytes(verdictAnswer)) B (Verdict), \(headerBytes(peerAnswer)) B (Hummingbird)")
        } else {
            rows.append(.unavailable("GET /healthz vs Hummingbird", "peer not built: make bench builds bench/hummingbird", target: "≥ 1.00"))
        }
        rows.insert(BenchRow(name: "setup", value: "", note: setup), at: 0)
        try BenchReport.write(rows, title: "HTTP", figures: figures, quick: options.isQuick, to: options.output)
    }

    struct Comparison {
        var verdict: [WrkRun] = []
        var peer: [WrkRun] = []
    }

    /// wrk against Verdict and the peer in turn, each repetition starting with the other one.
    func compare(verdictPort: Int, peerPort: Int, path: String, seconds: Int, folder: URL) throws -> Comparison {
        let urls = ["http://127.0.0.1:\(verdictPort)\(path)", "http://127.0.0.1:\(peerPort)\(path)"]
        for url in urls { _ = try Wrk.run(url: url, connections: connections, seconds: 1, scriptFolder: folder) }
        var result = Comparison()
        for repetition in 0..<options.repetitions {
            for index in (repetition % 2 == 0 ? [0, 1] : [1, 0]) {
                let run = try Wrk.run(url: urls[index], connections: connections, seconds: seconds, scriptFolder: folder)
                guard run.socketErrors == 0, run.non2xx == 0 else {
                    throw BenchError.unexpected("wrk \(urls[index]): \(run.socketErrors) socket errors, \(run.non2xx) non-2xx answers")
                }
                if index == 0 { result.verdict.append(run) } else { result.peer.append(run) }
            }
        }
        return result
    }

    func record(_ rows: inout [BenchRow], _ figures: inout [String: Sample], _ result: Comparison,
                key: String, label: String, peer: String, goal: Double, note: String) {
        let verdictRate = Sample(values: result.verdict.map(\.requestsPerSecond))
        let peerRate = Sample(values: result.peer.map(\.requestsPerSecond))
        let verdictP99 = Sample(values: result.verdict.map(\.p99Milliseconds))
        let peerP99 = Sample(values: result.peer.map(\.p99Milliseconds))
        let ratio = verdictRate.ratio(to: peerRate)
        figures["\(key).verdict_rps"] = verdictRate
        figures["\(key).peer_rps"] = peerRate
        figures["\(key).verdict_p99_ms"] = verdictP99
        figures["\(key).peer_p99_ms"] = peerP99
        figures["\(key).ratio"] = ratio
        rows.append(BenchRow(name: "\(label), Verdict", value: verdictRate.describe() + " req/s", note: "p99 \(verdictP99.describe(Format.ms)); \(note)"))
        rows.append(BenchRow(name: "\(label), \(peer)", value: peerRate.describe() + " req/s", note: "p99 \(peerP99.describe(Format.ms))"))
        rows.append(BenchRow(name: "  Verdict ÷ \(peer)", value: ratio.describe(Format.ratio),
                             target: Target(goal: String(format: "≥ %.2f", goal), met: ratio.median >= goal)))
    }

    func fetch(port: Int, _ path: String) throws -> ClientResponse {
        try HTTPClient(port: port).send("GET", path)
    }

    func headerBytes(_ response: ClientResponse) -> Int {
        // "HTTP/1.1 200 OK\r\n" plus "Name: value\r\n" per field and the blank line.
        17 + response.headers.fields.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 4 } + 2
    }
}
