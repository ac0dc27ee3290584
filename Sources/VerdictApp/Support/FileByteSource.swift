#if canImport(Glibc)
import Glibc
#endif
import HTTPServer
import Reports

/// A file read from its start with `read(2)`; the descriptor is closed when the source goes away.
/// Here, not in Reports: the parsers take bytes, and where the bytes live (a spooled upload,
/// `/proc`) is the app's business.
public final class FileByteSource: ByteSource {
    private let descriptor: Int32

    /// Opens `path` for reading.
    /// - Throws: `SystemError` naming `open` and the path.
    public init(path: String) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw SystemError(call: "open \(path)", errno: errno) }
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let count = Glibc.read(descriptor, base, buffer.count)
            if count >= 0 { return count }
            if errno != EINTR { throw SystemError(call: "read", errno: errno) }
        }
    }

    /// Every byte left, in one array; for small files (`/proc` entries, tests).
    public func readAll() throws -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = try chunk.withUnsafeMutableBytes { try read(into: $0) }
            if count == 0 { return bytes }
            bytes += chunk[..<count]
        }
    }
}
