import HTTPServer
import Reports
import Store

extension App {
    /// `POST …/runs/{run}/results`: stores a batch; the first post into an unknown run creates it.
    /// The whole body is validated before anything is written, so a bad post stores nothing.
    func postResults(_ request: Request) throws -> Response {
        let (project, run) = try projectAndRun(request)
        let body = try jsonBody(request)
        let batch = try NativeResultBatch.decode(body, limits: configuration.nativeLimits)
        let idempotency = idempotencyKey(request, project: project, body: body)
        let results = batch.results
        let (answer, replayed) = try store.write(now: now, idempotency: idempotency) { writer in
            let outcome = try writer.ingest(project: project, run: run, results: results, defaultWorker: batch.worker ?? "default")
            return StoredAnswer(status: outcome.runCreated ? 201 : 200, body: JSONWriter.bytes(.object([
                ("accepted", .int(outcome.accepted)),
                ("duplicates", .int(outcome.duplicates)),
            ])))
        }
        return .stored(answer, replayed: replayed)
    }

    /// `GET …/runs/{run}/results?status=&limit=&after=`.
    func listResults(_ request: Request) throws -> Response {
        let (project, run) = try projectAndRun(request)
        var status: Status?
        if let text = request.query("status") {
            guard let parsed = Status(rawValue: text) else {
                throw APIError.invalidParameter("status", "use passed, failed, error or skipped")
            }
            status = parsed
        }
        let limit = try Paging.limit(request, default: 100, max: 5000)
        guard let page = try store.results(project: project, run: run, status: status, limit: limit, after: request.query("after")) else {
            throw APIError.notFound("no run '\(run)' in project '\(project)'")
        }
        return .json(.object([("results", .array(page.items.map(JSONShapes.result))), ("next", JSONShapes.next(page.next))]))
    }

    /// The request's `Idempotency-Key`, scoped to the project and fingerprinted with the
    /// method, path and body so a reused key with another request is caught.
    func idempotencyKey(_ request: Request, project: String, body: [UInt8]) -> IdempotencyKey? {
        guard let key = request.headers["Idempotency-Key"], !key.isEmpty else { return nil }
        let fingerprint = SHA256.hex(Array("\(request.method) \(request.path)\n".utf8) + body)
        return IdempotencyKey(scope: project, key: String(key.prefix(200)), fingerprint: fingerprint)
    }
}
