import HTTPServer
import Reports
import Store

extension App {
    /// `PUT …/runs/{run}`: create or update a run's name, branch, commit, url, attributes, start.
    func putRun(_ request: Request) throws -> Response {
        let (project, run) = try projectAndRun(request)
        let info = try RunInfo.decode(try jsonBody(request))
        try store.write(now: now) { try $0.putRun(project: project, run: run, info: info) }
        return try runResponse(project: project, run: run)
    }

    /// `GET …/runs/{run}`.
    func getRun(_ request: Request) throws -> Response {
        let (project, run) = try projectAndRun(request)
        return try runResponse(project: project, run: run)
    }

    /// `POST …/runs/{run}/finish`: closes the run; finishing twice changes nothing. An optional
    /// body `{"finished_at": …}` back-dates the finish (runs posted after the fact).
    func finishRun(_ request: Request) throws -> Response {
        let (project, run) = try projectAndRun(request)
        let finishedAt = try RunInfo.decodeFinish(try jsonBody(request))
        let found = try store.write(now: now) { try $0.finishRun(project: project, run: run, at: finishedAt) }
        guard found else { throw APIError.notFound("no run '\(run)' in project '\(project)'") }
        return try runResponse(project: project, run: run)
    }

    /// `GET …/runs?branch=&limit=&before=`, newest first.
    func listRuns(_ request: Request) throws -> Response {
        let project = try projectName(request)
        let limit = try Paging.limit(request, default: 50, max: 500)
        var status: RunStatus?
        if let text = request.query("status") {
            guard let parsed = RunStatus(rawValue: text) else { throw APIError.invalidParameter("status", "use running, passed or failed") }
            status = parsed
        }
        let page = try store.runs(project: project, branch: request.query("branch"), status: status, limit: limit, before: request.query("before"))
        return .json(.object([("runs", .array(page.items.map(JSONShapes.run))), ("next", JSONShapes.next(page.next))]))
    }

    /// `GET /api/v1/projects`: each project with its latest run.
    func listProjects(_ request: Request) throws -> Response {
        let projects = try store.projects()
        return .json(.object([("projects", .array(projects.map { project in
            .object([
                ("name", .string(project.name)),
                ("runs", .int(project.runCount)),
                ("latest_run", project.latestRun.map(JSONShapes.run) ?? .null),
            ])
        }))]))
    }

    func runResponse(project: String, run: String) throws -> Response {
        guard let summary = try store.run(project: project, key: run) else {
            throw APIError.notFound("no run '\(run)' in project '\(project)'")
        }
        return .json(JSONShapes.run(summary))
    }

    func projectName(_ request: Request) throws -> String {
        guard let project = request.pathParameters["project"] else { throw APIError.notFound("no project in the path") }
        return project
    }

    func projectAndRun(_ request: Request) throws -> (String, String) {
        guard let run = request.pathParameters["run"] else { throw APIError.notFound("no run in the path") }
        return (try projectName(request), run)
    }

    /// The body of a JSON request, checked against the JSON size limit and content type.
    func jsonBody(_ request: Request) throws -> [UInt8] {
        if let type = request.headers["Content-Type"], !type.lowercased().contains("json") {
            throw APIError(status: 415, code: "unsupported_media_type", message: "send the body as application/json, not \(type)")
        }
        guard request.body.count <= configuration.maxJSONBodyBytes else {
            throw APIError(status: 413, code: "body_too_large",
                           message: "JSON bodies are limited to \(configuration.maxJSONBodyBytes) bytes; split the results into several posts")
        }
        return try request.body.readAll()
    }
}
