import Foundation
import HTTPServer
import Testing
@testable import VerdictApp

/// `App.answerInline` answers only embedded UI files: anything a route claims, anything missing
/// and anything read from disk goes to a worker (and gets the full handler's answer there).
@Suite struct InlineStaticTests {
    func request(_ method: String, _ target: String, headers: [(String, String)] = []) -> Request {
        Request(method: method, target: target, headers: HTTPHeaders(headers), body: .bytes([]))
    }

    @Test func embeddedPage_isAnsweredInline_withSecurityHeaders() throws {
        let fixture = try AppFixture()
        let response = try #require(fixture.app.answerInline(request("GET", "/")))
        #expect(response.status == 200)
        #expect(response.headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(response.headers["Content-Security-Policy"] == SecurityHeaders.contentSecurityPolicy)
        #expect(response.headers["X-Frame-Options"] == "DENY")
        #expect(response.headers["Referrer-Policy"] == "no-referrer")
        #expect(response.headers.values("X-Content-Type-Options") == ["nosniff"])
        // The same bytes the worker path serves.
        #expect(response.body == fixture.call("GET", "/").response.body)
    }

    @Test func revalidation_getsNotModified_withValidatorsAndSecurityHeaders() throws {
        let fixture = try AppFixture()
        let first = try #require(fixture.app.answerInline(request("GET", "/js/app.js")))
        let etag = try #require(first.headers["ETag"])
        let again = try #require(fixture.app.answerInline(request("GET", "/js/app.js", headers: [("If-None-Match", etag)])))
        #expect(again.status == 304)
        #expect(again.body.isEmpty)
        #expect(again.headers["ETag"] == etag)
        #expect(again.headers["Content-Security-Policy"] != nil)
    }

    @Test func routesMissingFilesAndOtherMethods_goToAWorker() throws {
        let fixture = try AppFixture()
        for (method, target) in [("GET", "/healthz"), ("GET", "/metrics"), ("GET", "/api/v1/projects"),
                                 ("GET", "/api/openapi.json"), ("GET", "/no-such-file.js"), ("POST", "/"),
                                 ("GET", "/../etc/passwd")] {
            #expect(fixture.app.answerInline(request(method, target)) == nil, "\(method) \(target)")
        }
    }

    @Test func filesFromADirectory_goToAWorker() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("verdict-public-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("<p>working copy</p>".utf8).write(to: folder.appendingPathComponent("index.html"))
        let fixture = try AppFixture { $0.publicDirectory = folder.path }
        #expect(fixture.app.answerInline(request("GET", "/")) == nil)
        let viaWorker = fixture.call("GET", "/")
        #expect(viaWorker.status == 200)
        #expect(String(decoding: viaWorker.response.body, as: UTF8.self) == "<p>working copy</p>")
        #expect(viaWorker.response.headers["Content-Security-Policy"] != nil)
    }

    @Test func inlineAnswers_areCountedInMetrics() throws {
        let fixture = try AppFixture()
        _ = fixture.app.answerInline(request("GET", "/"))
        _ = fixture.app.answerInline(request("HEAD", "/"))
        let text = String(decoding: fixture.call("GET", "/metrics").response.body, as: UTF8.self)
        #expect(text.contains(#"verdict_http_requests_total{route="(static)",method="GET",status="200"} 1"#))
        #expect(text.contains(#"verdict_http_requests_total{route="(static)",method="HEAD",status="200"} 1"#))
    }
}
