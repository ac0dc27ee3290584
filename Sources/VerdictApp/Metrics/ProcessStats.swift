#if canImport(Glibc)
import Glibc
#endif
import Reports

/// The server process's own resources, read from `/proc/self` (Linux).
enum ProcessStats {
    /// Resident memory in bytes, nil where `/proc` is missing.
    static var residentBytes: Int? {
        guard let bytes = try? FileByteSource(path: "/proc/self/status").readAll() else { return nil }
        let status = String(decoding: bytes, as: UTF8.self)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kib = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        else { return nil }
        return kib * 1024
    }

    /// Open file descriptors (sockets, database, spool files), nil where `/proc` is missing.
    /// The descriptor that lists the directory is not counted.
    static var openDescriptors: Int? {
        guard let directory = opendir("/proc/self/fd") else { return nil }
        defer { closedir(directory) }
        let own = String(dirfd(directory))
        var count = 0
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." && name != own { count += 1 }
        }
        return count
    }
}
