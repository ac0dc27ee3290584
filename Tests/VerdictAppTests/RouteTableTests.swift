import Foundation
import HTTPServer
import Reports
import Testing
@testable import VerdictApp

/// The route table as data: every route is documented, every write needs a token for its
/// project, and `--private` closes every read.
@Suite struct RouteTableTests {
    /// A concrete path for a pattern: each `{name}` filled with a valid value.
    static func path(_ pattern: String) -> String {
        pattern.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            guard segment.hasPrefix("{") else { return String(segment) }
            return segment == "{project}" ? "alpha" : "x1"
        }.joined(separator: "/")
    }

    @Test func everyRoute_isInTheOpenAPISpec_andEverySpecPathHasARoute() throws {
        let spec = try JSONParser.parse(OpenAPIDocument.bytes)
        let paths = spec["paths"]?.objectMembers ?? []
        // The ReportPortal-compatible routes speak ReportPortal's API, documented by ReportPortal
        // (docs/reportportal.md lists them); the spec describes Verdict's own.
        let compatible = App.reportPortalCompatibleRoutes
        for route in App.routes where !compatible.contains(where: { $0.method == route.method && $0.pattern == route.pattern }) {
            let operations = paths.first { $0.0 == route.pattern }?.1
            #expect(operations?[route.method.lowercased()] != nil, "\(route.method) \(route.pattern) is not in the spec")
        }
        for (path, operations) in paths {
            for (method, _) in operations.objectMembers ?? [] where ["get", "put", "post", "delete", "patch"].contains(method) {
                #expect(App.routes.contains { $0.pattern == path && $0.method.lowercased() == method }, "spec has \(method) \(path) but no route")
            }
        }
    }

    @Test func everyWriteRoute_refusesNoToken_andAnotherProjectsToken() throws {
        let fixture = try AppFixture()
        let betaToken = Tokens.generate()
        let hash = Tokens.hash(betaToken)
        try fixture.store.write(now: 1) { _ = try $0.createToken(name: "beta", hash: hash, project: "beta", canWrite: true) }
        let writes = App.routes.filter { $0.access == .write }
        #expect(!writes.isEmpty)
        for route in writes {
            let target = Self.path(route.pattern)
            #expect(fixture.call(route.method, target, body: "{}", token: nil).status == 401, "\(route.method) \(route.pattern)")
            #expect(fixture.call(route.method, target, body: "{}", token: betaToken).status == 403, "\(route.method) \(route.pattern)")
        }
    }

    @Test func writeRoutes_areExactlyTheNonGetOnes() {
        for route in App.routes where route.method != "GET" {
            #expect(route.access == .write, "\(route.method) \(route.pattern) must need a write token")
        }
    }

    @Test func privateServer_closesEveryReadRoute() throws {
        let fixture = try AppFixture { $0.privateReads = true }
        for route in App.routes where route.access == .read {
            #expect(fixture.call(route.method, Self.path(route.pattern), token: nil).status == 401, "\(route.pattern)")
        }
        for route in App.routes where route.access == .open {
            #expect(fixture.call(route.method, Self.path(route.pattern), token: nil).status != 401, "\(route.pattern)")
        }
    }

    @Test func everyErrorAnswer_usesTheEnvelope() throws {
        let fixture = try AppFixture()
        for route in App.routes {
            let reply = fixture.call(route.method, Self.path(route.pattern), body: "{not json", token: route.access == .write ? nil : AppFixture.token)
            guard reply.status >= 400 else { continue }
            #expect(reply.json["error"]?["code"]?.string != nil, "\(route.method) \(route.pattern) → \(reply.status)")
            #expect(reply.json["error"]?["message"]?.string != nil)
        }
    }
}

extension RouteTableTests {
    /// The server answers 431 to an oversized request head before any route runs, so the spec
    /// must allow it on every operation (schemathesis once sent a 16 KiB query and found it missing).
    @Test func everyOperation_documentsTheServersOwn431() throws {
        let spec = try JSONParser.parse(OpenAPIDocument.bytes)
        var operations = 0
        for (path, item) in spec["paths"]?.objectMembers ?? [] {
            for (method, operation) in item.objectMembers ?? [] {
                guard let responses = operation["responses"]?.objectMembers else { continue }
                operations += 1
                #expect(responses.filter { $0.0 == "431" }.count == 1, "\(method) \(path)")
            }
        }
        #expect(operations >= 20)
    }
}

extension RouteTableTests {
    /// Embedded UI files are answered on the event loop before routing: none may share a path
    /// with a route, or the route would never be reached.
    @Test func noEmbeddedFile_shadowsARoute() throws {
        let fixture = try AppFixture()
        let paths = fixture.app.staticFiles.embeddedRequestPaths
        #expect(paths.contains("/") && paths.contains("/index.html"))
        for path in paths {
            for method in ["GET", "HEAD"] {
                if case .notFound = fixture.app.router.match(method: method, path: path) { continue }
                Issue.record("\(method) \(path) is both an embedded file and a route")
            }
        }
    }
}
