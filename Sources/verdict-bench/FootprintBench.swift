import ArgumentParser
import Foundation
import HTTPServer

/// Binary size, start-up time to the first answered request, idle RSS.
struct FootprintBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "footprint", abstract: "Binary size, start-up time and idle memory.")

    @OptionGroup var options: BenchOptions

    func run() throws {
        let size = (try FileManager.default.attributesOfItem(atPath: options.verdict)[.size] as? Int) ?? 0
        var startups: [Double] = [], idle: [Double] = []
        for _ in 0..<options.repetitions {
            let started = Date()
            let server = try ServerUnderTest(binary: options.verdict)
            let client = HTTPClient(port: server.port)
            _ = try client.send("GET", "/healthz")
            startups.append(Date().timeIntervalSince(started) * 1000)
            for _ in 0..<100 { _ = try client.send("GET", "/api/v1/projects") }
            Thread.sleep(forTimeInterval: 0.5)
            idle.append(Double(server.memoryKiB.rss) / 1024)
            server.stop()
        }
        try BenchReport.write([
            BenchRow(name: "binary size", value: String(format: "%.1f MiB", Double(size) / 1_048_576), note: options.verdict),
            BenchRow(name: "start-up to first answer", value: Sample(values: startups).describe { String(format: "%.0f ms", $0) }, note: "empty database"),
            BenchRow(name: "idle RSS", value: Sample(values: idle).describe { String(format: "%.1f MiB", $0) }, note: "after 100 requests"),
        ], title: "Footprint", to: options.output)
    }
}
