import Dispatch
import HTTPServer
import Reports
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The access log: one JSON line per answered request (refusals included), e.g.
/// `{"time":"…","remote":"127.0.0.1:50312","method":"POST","path":"/api/v1/…/results","status":201,"bytes":33,"duration_ms":4}`.
///
/// It never holds a header value, so tokens cannot reach it, and it has no query string (the
/// path alone). Lines are built on the event loop and buffered; the buffer is written when it
/// passes 32 KiB and at least every `flushIntervalMs`, so logging costs no syscall per request.
/// (`@unchecked Sendable`: the buffer is behind a mutex and the timer is only cancelled.)
public final class AccessLog: @unchecked Sendable {
    private let fd: Int32
    private let ownsDescriptor: Bool
    private let buffer = Mutex<[UInt8]>([])
    private let timer: DispatchSourceTimer
    private let clock: any WallClock

    /// Appends to the file at `path` (created with mode 0640), or writes to standard error for "-".
    public init(path: String, flushIntervalMs: Int = 200, clock: any WallClock = SystemClock()) throws {
        if path == "-" {
            fd = 2
            ownsDescriptor = false
        } else {
            fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o640)
            guard fd >= 0 else { throw SystemError(call: "open \(path)", errno: errno) }
            ownsDescriptor = true
        }
        self.clock = clock
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "verdict.access-log"))
        timer.schedule(deadline: .now() + .milliseconds(flushIntervalMs), repeating: .milliseconds(flushIntervalMs))
        timer.setEventHandler { [weak self] in self?.flush() }
        timer.resume()
    }

    /// The server's `accessLog` hook.
    public func record(_ entry: AccessLogEntry) {
        var line = Self.line(entry, time: clock.nowMs())
        line.append(UInt8(ascii: "\n"))
        let full = buffer.withLock { buffer in
            buffer.append(contentsOf: line)
            return buffer.count >= 32 * 1024
        }
        if full { flush() }
    }

    /// One entry as a JSON object (without the line feed).
    static func line(_ entry: AccessLogEntry, time: Int64) -> [UInt8] {
        JSONWriter.bytes(.object([
            ("time", .string(Timestamp.format(time))),
            ("remote", .string(entry.remoteAddress)),
            ("method", .string(entry.method)),
            ("path", .string(entry.path)),
            ("status", .int(entry.status)),
            ("bytes", .int(entry.bytes)),
            ("duration_ms", .int(entry.durationMs)),
        ]))
    }

    /// Writes what is buffered.
    public func flush() {
        let pending = buffer.withLock { buffer in
            defer { buffer.removeAll(keepingCapacity: true) }
            return buffer
        }
        var offset = 0
        while offset < pending.count {
            let n = pending.withUnsafeBytes { write(fd, $0.baseAddress! + offset, pending.count - offset) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            offset += n
        }
    }

    /// Flushes and stops; the file is closed.
    public func close() {
        timer.cancel()
        flush()
        if ownsDescriptor { Glibc.close(fd) }
    }
}
