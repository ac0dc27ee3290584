import HTTPServer

/// One entry of the route table: where, who may call it, and what answers.
struct Route: Sendable {
    let method: String
    let pattern: String
    let access: Access
    let handler: @Sendable (App, Request) throws -> Response
}

extension App {
    /// The whole API, as data: tests walk it to check that every write route needs a token.
    /// Each area keeps its routes in its own file.
    static let routes: [Route] = coreRoutes + junitRoutes + historyRoutes + reportPortalRoutes

    /// Runs, results, projects, health and the spec.
    static let coreRoutes: [Route] = [
        Route(method: "GET", pattern: "/healthz", access: .open, handler: { app, _ in try app.health() }),
        Route(method: "GET", pattern: "/metrics", access: .read, handler: { app, _ in try app.metricsPage() }),
        Route(method: "GET", pattern: "/api/openapi.json", access: .open, handler: { app, _ in app.openAPI() }),
        Route(method: "GET", pattern: "/api/v1/projects", access: .read, handler: { app, r in try app.listProjects(r) }),
        Route(method: "GET", pattern: "/api/v1/projects/{project}/runs", access: .read, handler: { app, r in try app.listRuns(r) }),
        Route(method: "PUT", pattern: "/api/v1/projects/{project}/runs/{run}", access: .write, handler: { app, r in try app.putRun(r) }),
        Route(method: "GET", pattern: "/api/v1/projects/{project}/runs/{run}", access: .read, handler: { app, r in try app.getRun(r) }),
        Route(method: "POST", pattern: "/api/v1/projects/{project}/runs/{run}/results", access: .write, handler: { app, r in try app.postResults(r) }),
        Route(method: "GET", pattern: "/api/v1/projects/{project}/runs/{run}/results", access: .read, handler: { app, r in try app.listResults(r) }),
        Route(method: "POST", pattern: "/api/v1/projects/{project}/runs/{run}/finish", access: .write, handler: { app, r in try app.finishRun(r) }),
    ]
}
