import HTTPServer
import Reports
import VerdictApp
#if canImport(Glibc)
import Glibc
#endif

/// One report file ready to send: gzipped once, with the `Idempotency-Key` every attempt carries.
struct PushReport: Sendable {
    let path: String
    /// The gzip body; a file that already is gzip (`.xml.gz`) is sent as it is.
    let body: [UInt8]
    let idempotencyKey: String

    init(path: String, content: [UInt8], project: String, run: String, worker: String?) {
        self.path = path
        let isGzip = content.count >= 2 && content[0] == 0x1F && content[1] == 0x8B
        body = isGzip ? content : Gzip.compress(content)
        idempotencyKey = Self.idempotencyKey(project: project, run: run, worker: worker, content: content)
    }

    /// Reads `path` whole.
    static func load(path: String, project: String, run: String, worker: String?) throws(PushFailure) -> PushReport {
        PushReport(path: path, content: try readFile(path), project: project, run: run, worker: worker)
    }

    /// `push1-` and the SHA-256 of where the report goes and what it holds. The same file pushed
    /// again by the same CI step (a retry, a re-run job) gets the same key, so the server replays
    /// its first answer instead of storing anything twice; another worker's or another run's
    /// push of identical bytes gets a key of its own. The parts are a JSON array, so no choice of
    /// names can make two different pushes collide.
    static func idempotencyKey(project: String, run: String, worker: String?, content: [UInt8]) -> String {
        let parts: JSONValue = .array([.string("verdict-push/1"), .string(project), .string(run), .string(worker ?? ""), .string(SHA256.hex(content))])
        return "push1-" + SHA256.hex(JSONWriter.bytes(parts))
    }

    private static func readFile(_ path: String) throws(PushFailure) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var content: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count == 0 { return content }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(path: path, reason: String(cString: strerror(errno)))
            }
            content += chunk[0..<count]
        }
    }
}
