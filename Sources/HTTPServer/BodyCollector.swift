import Glibc

/// Gathers one request's decoded body: in memory up to `Limits.spoolThreshold`, then in a
/// temporary file, so a large upload costs disk rather than memory.
struct BodyCollector {
    private let threshold: Int
    private let directory: String
    private var bytes: [UInt8] = []
    private var file: (fd: Int32, path: String)?
    private var length = 0

    init(threshold: Int, directory: String, expectedLength: Int?) {
        self.threshold = threshold
        self.directory = directory
        if let expectedLength, expectedLength <= threshold { bytes.reserveCapacity(expectedLength) }
    }

    mutating func append(_ chunk: [UInt8]) throws(HTTPError) {
        length += chunk.count
        if file == nil && length > threshold {
            try openFile()
            let held = bytes
            bytes = []
            try write(held)
        }
        if file != nil { try write(chunk) } else { bytes.append(contentsOf: chunk) }
    }

    /// The finished body; a spool file now belongs to whoever handles the request.
    mutating func finish() -> RequestBody {
        guard let file else { return .bytes(bytes) }
        close(file.fd)
        self.file = nil
        return .file(SpooledFile(path: file.path, length: length))
    }

    /// Abandons the body and deletes its spool file.
    mutating func discard() {
        guard let file else { return }
        close(file.fd)
        unlink(file.path)
        self.file = nil
    }

    private mutating func openFile() throws(HTTPError) {
        var template = Array("\(directory)/verdict-body-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw .spoolFailed(SystemError(call: "mkstemp", errno: errno)) }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        file = (fd, cText(template))
    }

    private mutating func write(_ chunk: [UInt8]) throws(HTTPError) {
        guard let file else { return }
        var done = 0
        while done < chunk.count {
            let n = chunk.withUnsafeBytes { Glibc.write(file.fd, $0.baseAddress! + done, chunk.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                let error = SystemError(call: "write", errno: errno)
                discard()
                throw .spoolFailed(error)
            }
            done += n
        }
    }
}
