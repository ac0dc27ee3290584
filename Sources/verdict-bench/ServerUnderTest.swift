import Foundation

/// A `verdict serve` process on a fresh database in a temporary folder.
final class ServerUnderTest: @unchecked Sendable {
    let process = Process()
    let folder: URL
    let token = "bench-token"
    private(set) var port = 0
    let startupSeconds: Double

    init(binary: String, arguments: [String] = [], database: String? = nil) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("verdict-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let db = database ?? folder.appendingPathComponent("bench.db").path
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", "--port", "0", "--db", db, "--token", token] + arguments
        let pipe = Pipe()
        process.standardError = pipe
        let started = Date()
        try process.run()
        var text = ""
        while !text.contains("listening on") {
            let data = pipe.fileHandleForReading.availableData
            if data.isEmpty { throw CocoaError(.fileReadUnknown) }
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

    /// Resident set size now and at its peak, in KiB, from /proc.
    var memoryKiB: (rss: Int, peak: Int) {
        let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
        func field(_ name: String) -> Int {
            status.split(separator: "\n").first { $0.hasPrefix(name) }
                .flatMap { Int($0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") } ?? 0
        }
        return (field("VmRSS:"), field("VmHWM:"))
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: folder)
    }
}
