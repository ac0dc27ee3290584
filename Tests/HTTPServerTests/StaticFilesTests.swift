import Glibc
import Testing
@testable import HTTPServer

@Suite struct StaticFilesTests {
    static let files: [String: [UInt8]] = [
        "index.html": Array("<h1>Verdict</h1>".utf8),
        "js/app.js": Array("console.log(1)".utf8),
        "style.css": Array("body{}".utf8),
    ]

    func get(_ files: StaticFiles, _ path: String, method: String = "GET", headers: [(String, String)] = []) -> Response? {
        files.response(for: Request(method: method, target: path, headers: HTTPHeaders(headers)))
    }

    @Test func root_servesIndexHtml() throws {
        let response = try #require(get(StaticFiles(files: Self.files), "/"))
        #expect(response.status == 200)
        #expect(response.body == Self.files["index.html"])
        #expect(response.headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(response.headers["Cache-Control"] == "no-cache")
    }

    @Test(arguments: [
        ("a.html", "text/html; charset=utf-8"), ("a.css", "text/css; charset=utf-8"),
        ("a.js", "text/javascript; charset=utf-8"), ("a.json", "application/json"), ("a.svg", "image/svg+xml"),
        ("a.png", "image/png"), ("favicon.ico", "image/x-icon"), ("a.txt", "text/plain; charset=utf-8"),
        ("a.woff2", "font/woff2"), ("app.js.map", "application/json"), ("LICENSE", "application/octet-stream"),
    ])
    func contentType_followsTheExtension(name: String, type: String) {
        #expect(StaticFiles.contentType(of: name) == type)
    }

    @Test func matchingIfNoneMatch_is304WithoutBody() throws {
        let files = StaticFiles(files: Self.files)
        let first = try #require(get(files, "/js/app.js"))
        let etag = try #require(first.headers["ETag"])
        #expect(etag.hasPrefix("\"") && !etag.hasPrefix("W/"))
        let second = try #require(get(files, "/js/app.js", headers: [("If-None-Match", "\"other\", \(etag)")]))
        #expect(second.status == 304)
        #expect(second.body.isEmpty)
        #expect(second.headers["ETag"] == etag)
        let stale = try #require(get(files, "/js/app.js", headers: [("If-None-Match", "\"other\"")]))
        #expect(stale.status == 200)
    }

    @Test func differentContent_hasDifferentETag() {
        #expect(StaticFiles.etag(of: Array("a".utf8)) != StaticFiles.etag(of: Array("b".utf8)))
    }

    @Test func head_getsTheSameHeaders() throws {
        let response = try #require(get(StaticFiles(files: Self.files), "/style.css", method: "HEAD"))
        #expect(response.status == 200)
        #expect(response.headers["Content-Type"] == "text/css; charset=utf-8")
    }

    @Test func otherMethods_andMissingFiles_areNotServed() {
        let files = StaticFiles(files: Self.files)
        #expect(get(files, "/", method: "POST") == nil)
        #expect(get(files, "/missing.html") == nil)
    }

    @Test(arguments: [
        "/../etc/passwd", "/js/../index.html", "/%2e%2e/etc/passwd", "/%2E%2E/x", "/js%2fapp.js", "/js%2Fapp.js",
        "/js\\app.js", "/%5c..%5cetc", "/index.html%00.png", "//etc/passwd", "/./index.html", "/.git/config", "/%zz",
    ])
    func traversalAttempt_isNotFound(path: String) {
        #expect(get(StaticFiles(files: Self.files), path) == nil)
        #expect(StaticFiles.relativePath(path) == nil)
    }

    @Test func directory_servesFilesAndRefusesSymlinksOutOfTheRoot() throws {
        let base = try TemporaryDirectory()
        let root = base.path + "/public"
        mkdir(root, 0o755)
        mkdir(root + "/js", 0o755)
        try writeFile(root + "/index.html", "<p>disk</p>")
        try writeFile(root + "/js/app.js", "let a = 1")
        try writeFile(base.path + "/secret.txt", "secret")
        symlink(base.path + "/secret.txt", root + "/leak.txt")
        symlink(root + "/js/app.js", root + "/alias.js")
        let files = StaticFiles(directory: root)

        #expect(get(files, "/")?.body == Array("<p>disk</p>".utf8))
        #expect(get(files, "/js/app.js")?.headers["Content-Type"] == "text/javascript; charset=utf-8")
        #expect(get(files, "/alias.js")?.body == Array("let a = 1".utf8))
        #expect(get(files, "/leak.txt") == nil)
        #expect(get(files, "/js") == nil)
        #expect(get(files, "/../secret.txt") == nil)
        #expect(get(files, "/%2e%2e/secret.txt") == nil)
    }
}

/// A fresh directory under /tmp, removed with its contents when released.
final class TemporaryDirectory: Sendable {
    let path: String

    init() throws {
        var template = Array("/tmp/verdict-http-test-XXXXXX".utf8CString)
        guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
            throw SystemError(call: "mkdtemp", errno: errno)
        }
        path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    deinit {
        _ = system("rm -rf '\(path)'")
    }

    /// Names of the entries in the directory.
    func entries() -> [String] {
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}

func writeFile(_ path: String, _ text: String) throws {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { throw SystemError(call: "open", errno: errno) }
    defer { close(fd) }
    let bytes = Array(text.utf8)
    _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
}

extension StaticFilesTests {
    static let nested: [String: [UInt8]] = files.merging(["docs/index.html": Array("<p>docs</p>".utf8),
                                                          "a b.txt": Array("spaced".utf8)]) { $1 }

    func exact(_ files: StaticFiles, _ path: String, method: String = "GET") -> Response? {
        files.exactEmbeddedResponse(for: Request(method: method, target: path, headers: HTTPHeaders()))
    }

    @Test func exactPaths_answerWithoutDecoding_andAgreeWithTheFullLookup() throws {
        let files = StaticFiles(files: Self.nested, headers: [("X-Frame-Options", "DENY")])
        for path in ["/", "/index.html", "/js/app.js", "/style.css", "/docs/", "/docs/index.html"] {
            let fast = try #require(exact(files, path), "\(path)")
            let full = try #require(get(files, path))
            #expect(fast.body == full.body && fast.headers == full.headers, "\(path)")
            #expect(fast.headers["X-Frame-Options"] == "DENY")
        }
        #expect(exact(files, "/", method: "HEAD")?.status == 200)
    }

    @Test func pathsThatNeedDecoding_missTheExactTable_butAreStillServed() throws {
        let files = StaticFiles(files: Self.nested)
        for path in ["/js/%61pp.js", "/a%20b.txt"] {
            #expect(exact(files, path) == nil, "\(path)")
            #expect(get(files, path)?.status == 200, "\(path)")
        }
        // Not a file, and not a way around the traversal checks.
        for path in ["/missing.html", "/js", "/docs", "/../index.html", "/js/../index.html"] {
            #expect(exact(files, path) == nil, "\(path)")
        }
        #expect(exact(files, "/", method: "POST") == nil)
    }

    @Test func directoryFiles_haveNoExactTable() throws {
        let root = "/tmp/verdict-static-exact-\(getpid())"
        mkdir(root, 0o755)
        defer { unlink(root + "/index.html"); rmdir(root) }
        let fd = open(root + "/index.html", O_CREAT | O_WRONLY | O_TRUNC, 0o644)
        _ = write(fd, "hi", 2)
        close(fd)
        let files = StaticFiles(directory: root)
        #expect(exact(files, "/") == nil)
        #expect(get(files, "/")?.body == Array("hi".utf8))
    }
}
