import Foundation

/// One wrk run against a loopback URL, read back through a Lua `done` hook that prints JSON.
struct WrkRun: Codable {
    var requests: Int
    var durationMicroseconds: Int
    var socketErrors: Int
    var non2xx: Int
    var p50Microseconds: Int
    var p99Microseconds: Int
    var maxMicroseconds: Int
    var bytes: Int

    var requestsPerSecond: Double { Double(requests) / (Double(durationMicroseconds) / 1e6) }
    var p99Milliseconds: Double { Double(p99Microseconds) / 1000 }

    enum CodingKeys: String, CodingKey {
        case requests, bytes, non2xx
        case durationMicroseconds = "duration_us", socketErrors = "errors"
        case p50Microseconds = "p50_us", p99Microseconds = "p99_us", maxMicroseconds = "max_us"
    }
}

enum Wrk {
    static let script = """
        done = function(summary, latency, requests)
          local e = summary.errors
          io.write(string.format('{"requests":%d,"duration_us":%d,"errors":%d,"non2xx":%d,"p50_us":%d,"p99_us":%d,"max_us":%d,"bytes":%d}\\n',
            summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
            latency:percentile(50), latency:percentile(99), latency.max, summary.bytes))
        end
        """

    /// Runs `wrk -t threads -c connections -d seconds` against `url`, which must be on 127.0.0.1.
    static func run(url: String, connections: Int, seconds: Int, threads: Int = 2, scriptFolder: URL) throws -> WrkRun {
        precondition(url.hasPrefix("http://127.0.0.1:"), "wrk runs only against loopback")
        let script = scriptFolder.appendingPathComponent("report.lua")
        if !FileManager.default.fileExists(atPath: script.path) { try Self.script.write(to: script, atomically: true, encoding: .utf8) }
        let outcome = try Command(executable: "wrk", arguments: [
            "-t", "\(threads)", "-c", "\(connections)", "-d", "\(seconds)s", "--timeout", "10s", "-s", script.path, url,
        ]).run()
        guard outcome.status == 0, let line = outcome.stdout.split(separator: "\n").last(where: { $0.hasPrefix("{") }) else {
            throw BenchError.unexpected("wrk failed (\(outcome.status)): \(outcome.stdout) \(outcome.stderr)")
        }
        return try JSONDecoder().decode(WrkRun.self, from: Data(line.utf8))
    }
}
