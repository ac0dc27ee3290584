import Foundation
import Testing

/// The real `verdict` binary, started on a free loopback port with a database in a temporary
/// directory of its own.
final class ServerProcess: @unchecked Sendable {
    let directory: URL
    let token = "test-root-token"
    private(set) var process: Process!
    private(set) var port = 0
    private let stderrLines = LineCollector()
    let extraArguments: [String]

    var databasePath: String { directory.appendingPathComponent("verdict.db").path }
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Where `swift build` put the binary; `VERDICT_BIN` overrides.
    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["VERDICT_BIN"] { return path }
        let root = packageRoot
        for candidate in [".build/debug/verdict", ".build/x86_64-unknown-linux-gnu/debug/verdict", ".build/release/verdict"] {
            let path = root.appendingPathComponent(candidate).path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return root.appendingPathComponent(".build/debug/verdict").path
    }

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    init(arguments: [String] = [], directory: URL? = nil) throws {
        self.directory = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("verdict-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: self.directory, withIntermediateDirectories: true)
        extraArguments = arguments
        try start()
    }

    /// Starts (or restarts, after a kill) the server on the same database and waits until it listens.
    func start(withToken: Bool = true) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["serve", "--host", "127.0.0.1", "--port", "0", "--db", databasePath]
            + (withToken ? ["--token", token] : []) + extraArguments
        process.currentDirectoryURL = directory
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        stderrLines.reset()
        let collector = stderrLines
        errors.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil } else { collector.append(data) }
        }
        try process.run()
        self.process = process
        RunningServers.add(process.processIdentifier, directory: directory)
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if let line = stderrLines.lines().first(where: { $0.contains("verdict listening on http://") }),
               let port = Int(line.split(separator: ":").last?.split(separator: " ").first ?? "")
            {
                self.port = port
                return
            }
            if !process.isRunning { break }
            Thread.sleep(forTimeInterval: 0.02)
        }
        throw ServerProcessError.didNotStart(stderr: stderrLines.text)
    }

    var stderr: String { stderrLines.text }

    /// The server's log once it contains `text`, or as it is after `timeout`: lines reach the
    /// pipe's reader some time after the server wrote them.
    func stderr(containing text: String, timeout: TimeInterval = 10) -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while !stderr.contains(text), Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        return stderr
    }

    /// Resident memory now and at its peak, in KiB, from /proc.
    var memoryKiB: (rss: Int, peak: Int) {
        let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
        func field(_ name: String) -> Int {
            status.split(separator: "\n").first { $0.hasPrefix(name) }
                .flatMap { Int($0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") } ?? 0
        }
        return (field("VmRSS:"), field("VmHWM:"))
    }

    /// SIGKILL: no chance to flush anything.
    func kill() {
        guard process.isRunning else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        RunningServers.remove(process.processIdentifier)
    }

    /// SIGTERM and wait; returns the exit status.
    @discardableResult
    func terminate() -> Int32 {
        guard process.isRunning else { return process.terminationStatus }
        process.terminate()
        process.waitUntilExit()
        RunningServers.remove(process.processIdentifier)
        return process.terminationStatus
    }

    deinit {
        if let process, process.isRunning {
            Foundation.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        if let process { RunningServers.remove(process.processIdentifier) }
        try? FileManager.default.removeItem(at: directory)
    }
}

/// Servers still running when the test process exits. A suite's `static let server` is never
/// deinitialized, so without this its server (and database folder) would outlive `swift test`.
enum RunningServers {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var running: [Int32: URL] = [:]
    private static let killAtExit: Void = { atexit { RunningServers.killAll() } }()

    static func add(_ pid: Int32, directory: URL) {
        _ = killAtExit
        lock.withLock { running[pid] = directory }
    }

    static func remove(_ pid: Int32) {
        _ = lock.withLock { running.removeValue(forKey: pid) }
    }

    private static func killAll() {
        for (pid, directory) in lock.withLock({ running }) {
            kill(pid, SIGKILL)
            try? FileManager.default.removeItem(at: directory)
        }
    }
}

enum ServerProcessError: Error, CustomStringConvertible {
    case didNotStart(stderr: String)

    var description: String {
        switch self {
        case .didNotStart(let stderr): return "the server did not start; its stderr:\n\(stderr)"
        }
    }
}

/// Collects a child's stderr as lines, from any thread.
final class LineCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var buffer = Data()

    func append(_ data: Data) { lock.withLock { buffer.append(data) } }
    func reset() { lock.withLock { buffer = Data() } }
    var text: String { lock.withLock { String(decoding: buffer, as: UTF8.self) } }
    func lines() -> [String] { text.split(separator: "\n").map(String.init) }
}
