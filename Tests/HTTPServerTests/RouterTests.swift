import Testing
@testable import HTTPServer

@Suite struct RouterTests {
    /// The route table under test, as data: handler names stand in for handlers.
    static let table: [(String, String, String)] = [
        ("GET", "/api/v1/projects", "listProjects"),
        ("GET", "/api/v1/projects/{project}/runs", "listRuns"),
        ("PUT", "/api/v1/projects/{project}/runs/{run}", "putRun"),
        ("GET", "/api/v1/projects/{project}/runs/{run}", "getRun"),
        ("POST", "/api/v1/projects/{project}/runs/{run}/results", "postResults"),
        ("GET", "/api/v1/{project}/launch/uuid/{uuid}", "rpLaunchByUUID"),
        ("POST", "/api/v1/{project}/launch", "rpStartLaunch"),
        ("GET", "/healthz", "health"),
        ("GET", "/", "root"),
    ]

    static func router() -> Router<String> {
        var router = Router<String>()
        for (method, pattern, name) in table { router.add(method, pattern, name) }
        return router
    }

    /// Method and path → expected handler and captured parameters.
    @Test(arguments: [
        ("GET", "/api/v1/projects", "listProjects", [String: String]()),
        ("GET", "/api/v1/projects/web/runs", "listRuns", ["project": "web"]),
        ("GET", "/api/v1/projects/web/runs/build-42", "getRun", ["project": "web", "run": "build-42"]),
        ("PUT", "/api/v1/projects/web/runs/build-42", "putRun", ["project": "web", "run": "build-42"]),
        ("POST", "/api/v1/projects/web/runs/7/results", "postResults", ["project": "web", "run": "7"]),
        ("GET", "/api/v1/projects/launch/uuid/X", "rpLaunchByUUID", ["project": "projects", "uuid": "X"]),
        ("GET", "/api/v1/web/launch/uuid/abc-1", "rpLaunchByUUID", ["project": "web", "uuid": "abc-1"]),
        ("POST", "/api/v1/projects/launch", "rpStartLaunch", ["project": "projects"]),
        ("GET", "/api/v1/projects/a%2Fb/runs", "listRuns", ["project": "a/b"]),
        ("GET", "/api/v1/projects/caf%C3%A9%20bar/runs", "listRuns", ["project": "café bar"]),
        ("GET", "/api/v1/projects/100%25/runs", "listRuns", ["project": "100%"]),
        ("GET", "/api/v1/projects/%2541/runs", "listRuns", ["project": "%41"]),
        ("GET", "/healthz?verbose=1", "health", [String: String]()),
        ("HEAD", "/api/v1/projects/web/runs", "listRuns", ["project": "web"]),
        ("GET", "/", "root", [String: String]()),
    ])
    func route_matchesHandlerAndParameters(method: String, path: String, handler: String, parameters: [String: String]) {
        guard case .found(let found, let captured, _) = Self.router().match(method: method, path: path) else {
            Issue.record("\(method) \(path) did not match")
            return
        }
        #expect(found == handler)
        #expect(captured == parameters)
    }

    @Test func match_reportsThePattern() {
        guard case .found(_, _, let pattern) = Self.router().match(method: "GET", path: "/api/v1/projects/p/runs/r") else {
            Issue.record("no match")
            return
        }
        #expect(pattern == "/api/v1/projects/{project}/runs/{run}")
    }

    @Test func wrongMethod_listsAllowedMethods() {
        guard case .methodNotAllowed(let allowed) = Self.router().match(method: "DELETE", path: "/api/v1/projects/p/runs/r") else {
            Issue.record("expected 405")
            return
        }
        #expect(allowed == ["GET", "HEAD", "PUT"])
    }

    @Test func methodOnlyOnTheBacktrackedPattern_isFound() {
        // POST exists only on the {project}/launch pattern, GET only on projects/{project}.
        var router = Router<String>()
        router.add("GET", "/api/v1/projects/{project}", "getProject")
        router.add("POST", "/api/v1/{project}/launch", "startLaunch")
        guard case .found(let name, let parameters, _) = router.match(method: "POST", path: "/api/v1/projects/launch") else {
            Issue.record("no match")
            return
        }
        #expect(name == "startLaunch")
        #expect(parameters == ["project": "projects"])
    }

    @Test(arguments: ["/api/v1/projects/web", "/api/v2/projects", "/nope", "/api/v1/projects//runs", "/api/v1/projects/", "relative", ""])
    func unknownPath_isNotFound(path: String) {
        guard case .notFound = Self.router().match(method: "GET", path: path) else {
            Issue.record("\(path) should not match")
            return
        }
    }

    @Test(arguments: ["/api/v1/projects/%zz/runs", "/api/v1/projects/%4/runs", "/api/v1/projects/%FF/runs"])
    func malformedEscape_isMalformedPath(path: String) {
        guard case .malformedPath = Self.router().match(method: "GET", path: path) else {
            Issue.record("\(path) should be malformed")
            return
        }
    }

    @Test func encodedSlash_isNeverASeparator() {
        guard case .notFound = Self.router().match(method: "GET", path: "/api/v1/projects%2Fweb%2Fruns") else {
            Issue.record("an encoded slash must not split segments")
            return
        }
    }

    @Test func routes_areReadableAsData() {
        let router = Self.router()
        #expect(router.routes.map(\.pattern) == Self.table.map(\.1))
        #expect(router.routes.map(\.handler) == Self.table.map(\.2))
    }
}
