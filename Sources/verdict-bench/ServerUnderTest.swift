import Foundation
import Glibc
import HTTPServer

/// A `verdict serve` process, on a fresh database in a temporary folder or on a given one.
final class ServerUnderTest: @unchecked Sendable {
    let process = Process()
    let folder: URL
    let database: String
    let token = "bench-token"
    private(set) var port = 0
    /// From launch to the "listening on" line.
    let startupSeconds: Double

    init(binary: String, arguments: [String] = [], database: String? = nil) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("verdict-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        self.database = database ?? folder.appendingPathComponent("bench.db").path
        let serve = ["serve", "--port", "0", "--db", self.database, "--token", token] + arguments
        if let launcher = Self.launcher {
            process.executableURL = URL(fileURLWithPath: Command.locate(launcher[0]) ?? launcher[0])
            process.arguments = Array(launcher.dropFirst()) + [binary] + serve
        } else {
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = serve
        }
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = FileHandle.nullDevice
        let started = Date()
        try process.run()
        var text = ""
        while !text.contains("listening on") {
            let data = pipe.fileHandleForReading.availableData
            if data.isEmpty { throw BenchError.unexpected("verdict serve exited before listening: \(text)") }
            text += String(decoding: data, as: UTF8.self)
        }
        let line = text.split(separator: "\n").first { $0.contains("listening on") }!
        port = Int(line.split(separator: ":").last!.split(separator: " ").first!)!
        startupSeconds = Date().timeIntervalSince(started)
        // Keep draining stderr so the server never blocks on a full pipe.
        pipe.fileHandleForReading.readabilityHandler = { handle in
            if handle.availableData.isEmpty { handle.readabilityHandler = nil }
        }
    }

    /// A command the server is started under, from `VERDICT_BENCH_LAUNCHER` (for example
    /// `valgrind --tool=callgrind --callgrind-out-file=ingest.out`, as bench/profile.sh does).
    static var launcher: [String]? {
        let words = (ProcessInfo.processInfo.environment["VERDICT_BENCH_LAUNCHER"] ?? "").split(separator: " ").map(String.init)
        return words.isEmpty ? nil : words
    }

    /// Resident set size now and at its peak, in KiB, from /proc.
    var memoryKiB: (rss: Int, peak: Int) { ProcStatus.memoryKiB(pid: process.processIdentifier) }

    /// An authorized client of this server.
    func client(timeoutMs: Int = 120_000) -> HTTPClient { HTTPClient(port: port, timeoutMs: timeoutMs) }

    var writeHeaders: HTTPHeaders {
        HTTPHeaders([("Authorization", "Bearer \(token)"), ("Content-Type", "application/json")])
    }

    /// Whether a route answers: false when the server says there is no such endpoint (a 404 or
    /// 405 from the router rather than from a handler).
    func answers(_ method: String, _ path: String, body: [UInt8] = []) -> Bool {
        guard let response = try? client().send(method, path, headers: writeHeaders, body: body) else { return false }
        if response.status == 405 { return false }
        return !(response.status == 404 && response.text.contains("no such endpoint"))
    }

    /// Stops the server (SIGTERM: it drains and closes the database) and returns the size of the
    /// database file it leaves, WAL included.
    @discardableResult
    func stop() -> Int64 {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        let size = [database, database + "-wal"].reduce(Int64(0)) { total, path in
            total + FileSize.of(path)
        }
        try? FileManager.default.removeItem(at: folder)
        return size
    }
}
