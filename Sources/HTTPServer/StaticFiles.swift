import Glibc

/// Serves the web UI for GET and HEAD: from a directory (`--public DIR`, for UI work) or from
/// an in-memory table the app embeds at build time.
///
/// `/` is `index.html`, as is any path ending in `/`. Responses carry a strong `ETag` (a hash of
/// the content), `Cache-Control: no-cache` (revalidate every time, so a new build shows at
/// once) and honour `If-None-Match` with 304. A path that could leave the root — `..` or `.`
/// segments (also percent-encoded), an encoded `/`, a backslash, NUL, an empty segment, a
/// dot-file, or on disk a symlink resolving outside the root — is simply not found.
public struct StaticFiles: Sendable {
    private enum Source: Sendable {
        case directory(root: String)
        /// By relative path, and by the raw request paths that name a file with nothing to
        /// decode (`/`, `/index.html`, `/js/app.js`): the common request needs one lookup.
        case embedded(files: [String: EmbeddedFile], byRequestPath: [String: EmbeddedFile])
    }

    /// A file's answers, built once for an embedded file: serving one is a lookup and a
    /// copy-on-write share.
    private struct EmbeddedFile: Sendable {
        let ok: Response
        let notModified: Response
        let etag: String
    }

    private let source: Source
    private let extraHeaders: [(String, String)]

    /// Files under `directory`, read on every request. The directory must exist. `headers` are
    /// added to every answer (e.g. the app's security headers).
    public init(directory: String, headers: [(String, String)] = []) {
        source = .directory(root: Self.resolve(directory) ?? directory)
        extraHeaders = headers
    }

    /// Files from a table of relative path (e.g. `"index.html"`, `"js/app.js"`) to content.
    public init(files: [String: [UInt8]], headers: [(String, String)] = []) {
        var table: [String: EmbeddedFile] = [:]
        var byRequestPath: [String: EmbeddedFile] = [:]
        for (path, bytes) in files {
            let key = path.hasPrefix("/") ? String(path.dropFirst()) : path
            let file = Self.file(at: key, bytes: bytes, extraHeaders: headers)
            table[key] = file
            // Only names a request path spells the same way; anything else takes the slow path.
            if Self.relativePath("/" + key) == key {
                byRequestPath["/" + key] = file
                if key == "index.html" || key.hasSuffix("/index.html") { byRequestPath["/" + key.dropLast(10)] = file }
            }
        }
        source = .embedded(files: table, byRequestPath: byRequestPath)
        extraHeaders = headers
    }

    /// The raw request paths that name an embedded file directly (for checking they do not
    /// shadow a route).
    public var embeddedRequestPaths: [String] {
        guard case .embedded(_, let byRequestPath) = source else { return [] }
        return Array(byRequestPath.keys)
    }

    /// The response for `request`, or nil when this is not a GET/HEAD or no such file exists
    /// (the caller answers 404 in its own error shape).
    public func response(for request: Request) -> Response? {
        guard request.method == "GET" || request.method == "HEAD" else { return nil }
        if let response = exactEmbeddedResponse(for: request) { return response }
        guard let relative = Self.relativePath(request.path) else { return nil }
        let file: EmbeddedFile
        switch source {
        case .embedded(let files, _):
            guard let embedded = files[relative] else { return nil }
            file = embedded
        case .directory(let root):
            // realpath resolves symlinks; the result must still lie under the root.
            guard let real = Self.resolve(root + "/" + relative), real.hasPrefix(root + "/"),
                  let bytes = Self.readRegularFile(real)
            else { return nil }
            file = Self.file(at: relative, bytes: bytes, extraHeaders: extraHeaders)
        }
        return answer(file, to: request)
    }

    /// The answer for a GET or HEAD whose raw path names an embedded file exactly, or nil: one
    /// lookup, nothing to split or decode. What it misses, `response(for:)` still finds.
    public func exactEmbeddedResponse(for request: Request) -> Response? {
        guard request.method == "GET" || request.method == "HEAD", case .embedded(_, let byRequestPath) = source,
              let file = byRequestPath[request.path]
        else { return nil }
        return answer(file, to: request)
    }

    private func answer(_ file: EmbeddedFile, to request: Request) -> Response {
        if let condition = request.headers["If-None-Match"], Self.matches(condition, etag: file.etag) {
            return file.notModified
        }
        return file.ok
    }

    /// A file's 200 and 304 answers.
    private static func file(at path: String, bytes: [UInt8], extraHeaders: [(String, String)]) -> EmbeddedFile {
        let etag = etag(of: bytes)
        let validators = HTTPHeaders([("ETag", etag), ("Cache-Control", "no-cache"), ("X-Content-Type-Options", "nosniff")])
        var ok = HTTPHeaders([("Content-Type", contentType(of: path))])
        for (name, value) in validators { ok.add(name, value) }
        // RFC 9110 §15.4.5: 304 repeats ETag and Cache-Control, has no content.
        var notModified = validators
        for (name, value) in extraHeaders where !ok.contains(name) {
            ok.add(name, value)
            notModified.add(name, value)
        }
        return EmbeddedFile(ok: Response(status: 200, headers: ok, body: bytes), notModified: Response(status: 304, headers: notModified), etag: etag)
    }

    /// The decoded relative path for a raw request path, or nil when it is unsafe.
    static func relativePath(_ rawPath: String) -> String? {
        guard rawPath.hasPrefix("/") else { return nil }
        var segments = rawPath.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        if segments.last == "" { segments[segments.count - 1] = "index.html" }
        var decoded: [String] = []
        for segment in segments {
            guard let value = PercentDecoding.decode(segment), !value.isEmpty, !value.hasPrefix("."),
                  !value.contains("/"), !value.contains("\\"), !value.unicodeScalars.contains("\0")
            else { return nil }
            decoded.append(value)
        }
        return decoded.joined(separator: "/")
    }

    static func contentType(of path: String) -> String {
        let name = path.split(separator: "/").last ?? ""
        let ext = name.contains(".") ? String(name.split(separator: ".").last!).lowercased() : ""
        switch ext {
        case "html", "htm": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js", "mjs": return "text/javascript; charset=utf-8"
        case "json", "map": return "application/json"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "ico": return "image/x-icon"
        case "txt": return "text/plain; charset=utf-8"
        case "woff2": return "font/woff2"
        default: return "application/octet-stream"
        }
    }

    /// A strong validator from the content: FNV-1a 64 and the length.
    static func etag(of bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return "\"\(String(hash, radix: 16))-\(String(bytes.count, radix: 16))\""
    }

    /// RFC 9110 §13.1.2: `*` or any listed tag, compared weakly (a `W/` prefix is ignored).
    static func matches(_ condition: String, etag: String) -> Bool {
        RequestParser.listElements(condition).contains { tag in
            tag == "*" || (tag.hasPrefix("W/") ? String(tag.dropFirst(2)) : tag) == etag
        }
    }

    private static func resolve(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func readRegularFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return nil }
            done += n
        }
        return bytes
    }
}
