#if canImport(Glibc)
import Glibc
#endif
import HTTPServer
import Reports

/// A nameless scratch file: created by `mkstemp(3)` in the temporary directory and unlinked at
/// once, so it holds disk only while open and nothing is left behind, even after `kill -9`.
/// Written in order, then rewound and read back as a `ByteSource`.
final class TemporaryFile: ByteSource {
    private let descriptor: Int32

    /// `$TMPDIR`, else `/tmp`.
    static var defaultDirectory: String {
        guard let value = getenv("TMPDIR"), value.pointee != 0 else { return "/tmp" }
        return String(cString: value)
    }

    /// - Throws: `SystemError` naming `mkstemp` and the directory.
    init(directory: String = TemporaryFile.defaultDirectory, prefix: String) throws {
        var template = Array("\(directory)/\(prefix)-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw SystemError(call: "mkstemp \(directory)", errno: errno) }
        unlink(template.withUnsafeBufferPointer { $0.baseAddress! })
        // (mkostemp with O_CLOEXEC is a GNU extension Swift's Glibc module does not show.)
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// Appends all of `bytes` at the current offset.
    func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { buffer in
            var done = 0
            while done < buffer.count {
                let count = Glibc.write(descriptor, buffer.baseAddress! + done, buffer.count - done)
                if count < 0 {
                    if errno == EINTR { continue }
                    throw SystemError(call: "write", errno: errno)
                }
                done += count
            }
        }
    }

    /// Moves back to the start, to read what was written.
    func rewind() throws {
        guard lseek(descriptor, 0, SEEK_SET) == 0 else { throw SystemError(call: "lseek", errno: errno) }
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let count = Glibc.read(descriptor, base, buffer.count)
            if count >= 0 { return count }
            if errno != EINTR { throw SystemError(call: "read", errno: errno) }
        }
    }
}
