import Foundation
import Glibc

/// Runs a program to its end and collects what it printed.
struct Command {
    var executable: String
    var arguments: [String] = []
    var environment: [String: String]? = nil
    var directory: String? = nil

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
        var seconds: Double
    }

    /// The program's full path: `executable` itself when it has a slash, else found on `PATH`.
    static func locate(_ name: String) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    func run() throws -> Outcome {
        let process = Process()
        guard let path = Self.locate(executable) else { throw BenchError.missingTool(executable) }
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let started = DispatchTime.now().uptimeNanoseconds
        try process.run()
        // Read both pipes while the program runs, so neither fills up and blocks it.
        let collected = OutputCollector()
        let group = DispatchGroup()
        for (index, pipe) in [out, err].enumerated() {
            DispatchQueue.global().async(group: group) {
                collected.set(index, pipe.fileHandleForReading.readDataToEndOfFile())
            }
        }
        process.waitUntilExit()
        group.wait()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        return Outcome(status: process.terminationStatus, stdout: collected.text(0), stderr: collected.text(1), seconds: seconds)
    }
}

private final class OutputCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var data: [Int: Data] = [:]
    func set(_ index: Int, _ value: Data) { lock.withLock { data[index] = value } }
    func text(_ index: Int) -> String { lock.withLock { String(decoding: data[index] ?? Data(), as: UTF8.self) } }
}

/// A server started for a measurement (nginx, the Hummingbird peer), stopped by `stop()`.
final class PeerProcess: @unchecked Sendable {
    let name: String
    let process = Process()
    let port: Int
    private let log: URL

    /// Starts `executable` and waits until `port` accepts connections.
    init(name: String, executable: String, arguments: [String], port: Int, logFolder: URL) throws {
        self.name = name
        self.port = port
        guard let path = Command.locate(executable) else { throw BenchError.missingTool(executable) }
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        log = logFolder.appendingPathComponent("\(name).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while !Self.accepts(port: port) {
            guard process.isRunning, Date() < deadline else {
                stop()
                throw BenchError.peerFailed(name, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// SIGTERM (graceful for both nginx and Hummingbird), then SIGKILL after five seconds.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// Memory of the process tree's main process (for nginx, the master only).
    var memoryKiB: (rss: Int, peak: Int) { ProcStatus.memoryKiB(pid: process.processIdentifier) }

    static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    /// A loopback port nobody listens on right now (the kernel's choice for port 0).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw BenchError.system("socket") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw BenchError.system("bind") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Memory figures from `/proc/PID/status`.
enum ProcStatus {
    /// Resident set size now (`VmRSS`) and at its peak (`VmHWM`), in KiB.
    static func memoryKiB(pid: Int32) -> (rss: Int, peak: Int) {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        func field(_ name: String) -> Int {
            status.split(separator: "\n").first { $0.hasPrefix(name) }
                .flatMap { Int($0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") } ?? 0
        }
        return (field("VmRSS:"), field("VmHWM:"))
    }
}

enum BenchError: Error, CustomStringConvertible {
    case missingTool(String)
    case peerFailed(String, String)
    case system(String)
    case unexpected(String)

    var description: String {
        switch self {
        case .missingTool(let name): return "\(name) is not installed (make bench installs it)"
        case .peerFailed(let name, let log): return "\(name) did not start: \(log.suffix(2000))"
        case .system(let call): return "\(call): \(String(cString: strerror(errno)))"
        case .unexpected(let message): return message
        }
    }
}

enum FileSize {
    /// The size of the file at `path` in bytes; 0 when there is none.
    static func of(_ path: String) -> Int64 {
        var info = stat()
        return stat(path, &info) == 0 ? Int64(info.st_size) : 0
    }
}

/// Simulated clients, each on a thread of its own.
enum Parallel {
    /// Runs `body(0)` … `body(count - 1)` at once on `count` new threads and waits for all.
    /// Not `DispatchQueue.concurrentPerform`: that runs only as many at a time as there are cores,
    /// so 16 "parallel" workers would be 2 on this machine.
    static func run(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let group = DispatchGroup()
        let start = DispatchSemaphore(value: 0)
        for index in 0..<count {
            group.enter()
            let thread = Thread {
                start.wait()
                body(index)
                group.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        for _ in 0..<count { start.signal() }
        group.wait()
    }
}
