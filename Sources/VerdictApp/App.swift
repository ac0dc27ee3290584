import HTTPServer
import Reports
import Store

/// Verdict's HTTP application: routes requests to handlers, checks access, and turns every
/// error into the JSON error envelope.
public final class App: Sendable {
    public let store: Store
    public let configuration: AppConfiguration
    let clock: any WallClock
    let authenticator: Authenticator
    let router: Router<Route>
    let staticFiles: StaticFiles
    /// Counters for `GET /metrics`.
    public let metrics = Metrics()

    public init(store: Store, configuration: AppConfiguration, clock: any WallClock = SystemClock()) {
        self.store = store
        self.configuration = configuration
        self.clock = clock
        authenticator = Authenticator(rootToken: configuration.rootToken, store: store)
        var router = Router<Route>()
        for route in App.routes { router.add(route.method, route.pattern, route) }
        self.router = router
        if let folder = configuration.publicDirectory {
            staticFiles = StaticFiles(directory: folder, headers: SecurityHeaders.fields)
        } else {
            staticFiles = StaticFiles(files: Assets.publicFiles, headers: SecurityHeaders.fields)
        }
    }

    /// The server's handler.
    public func handle(_ request: Request) -> Response {
        let started = ContinuousClock.now
        let match = router.match(method: request.method, path: request.path)
        var response = route(request, match)
        SecurityHeaders.apply(to: &response)
        observe(request, response, route: Self.routeLabel(match, path: request.path), since: started)
        return response
    }

    /// The server's inline responder: embedded UI files, answered on the event loop because they
    /// need neither the disk nor the database. Everything else (nil) goes to a worker, which
    /// also serves the file paths this does not (percent-encoded ones, say). No route can be
    /// shadowed: `RouteTableTests` checks that no embedded file's path matches one.
    public func answerInline(_ request: Request) -> Response? {
        guard let response = staticFiles.exactEmbeddedResponse(for: request) else { return nil }
        metrics.recordRequest(route: "(static)", method: request.method, status: response.status, seconds: 0)
        return response
    }

    private func route(_ request: Request, _ match: RouteMatch<Route>) -> Response {
        var request = request
        switch match {
        case .found(let route, let parameters, let pattern):
            request.pathParameters = parameters
            request.routePattern = pattern
            do {
                let project = parameters["project"]
                if let project { try Names.validateProject(project) }
                if let run = parameters["run"] { try Names.validateRun(run) }
                try authenticator.authorize(request, access: route.access, project: project, privateReads: configuration.privateReads)
                return try route.handler(self, request)
            } catch {
                return ErrorMapping.apiError(error).response
            }
        case .methodNotAllowed(let allowed):
            var error = APIError(status: 405, code: "method_not_allowed", message: "\(request.method) is not allowed here; use \(allowed.joined(separator: ", "))")
            error.headers = [("Allow", allowed.joined(separator: ", "))]
            return error.response
        case .malformedPath:
            return APIError(status: 400, code: "bad_path", message: "the path has a malformed percent-escape or is not UTF-8").response
        case .notFound:
            if !request.path.hasPrefix("/api/"), request.method == "GET" || request.method == "HEAD",
               let response = staticFiles.response(for: request)
            {
                return response
            }
            return APIError.notFound("no such endpoint or file: \(request.path)").response
        }
    }

    var now: Int64 { clock.nowMs() }

    /// Finishes runs idle for longer than the configured timeout and forgets old idempotency keys.
    public func sweep() throws {
        let idle = configuration.runIdleTimeoutMs
        let retention = configuration.idempotencyRetentionMs
        _ = try store.write(now: now) { writer in
            _ = try writer.finishIdleRuns(idleMs: idle)
            _ = try writer.expireIdempotencyKeys(olderThanMs: retention)
        }
    }
}
