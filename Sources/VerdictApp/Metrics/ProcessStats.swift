import Foundation

/// The server process's own resources, read from `/proc/self` (Linux).
enum ProcessStats {
    /// Resident memory in bytes, nil where `/proc` is missing.
    static var residentBytes: Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kib = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        else { return nil }
        return kib * 1024
    }

    /// Open file descriptors (sockets, database, spool files), nil where `/proc` is missing.
    static var openDescriptors: Int? {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")).map(\.count)
    }
}
