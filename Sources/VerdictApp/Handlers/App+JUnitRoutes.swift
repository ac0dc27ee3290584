extension App {
    /// JUnit XML upload.
    static let junitRoutes: [Route] = [
        Route(method: "POST", pattern: "/api/v1/projects/{project}/runs/{run}/junit", access: .write, handler: { app, r in try app.postJUnit(r) }),
    ]
}
