#if canImport(Glibc)
import Glibc
#endif

/// A request body after framing and `Content-Encoding` were removed.
///
/// Small bodies stay in memory; a body larger than `Limits.spoolThreshold` is written to a
/// temporary file as it arrives, so a 200 MB upload costs disk, not memory. The server deletes
/// the file after the handler has returned.
public enum RequestBody: Sendable {
    case bytes([UInt8])
    case file(SpooledFile)

    public static let empty = RequestBody.bytes([])

    /// Decoded length in bytes.
    public var count: Int {
        switch self {
        case .bytes(let bytes): return bytes.count
        case .file(let file): return file.length
        }
    }

    /// The whole body in memory. Callers check `count` against their own limit first.
    public func readAll() throws -> [UInt8] {
        switch self {
        case .bytes(let bytes): return bytes
        case .file(let file): return try file.readAll()
        }
    }
}

/// A body spooled to a temporary file at `path`.
public final class SpooledFile: Sendable {
    public let path: String
    public let length: Int

    public init(path: String, length: Int) {
        self.path = path
        self.length = length
    }

    public func readAll() throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemError(call: "open", errno: errno) }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: length)
        var done = 0
        while done < length {
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + done, length - done) }
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemError(call: "read", errno: errno)
            }
            if n == 0 { break }
            done += n
        }
        return Array(bytes[0..<done])
    }
}
