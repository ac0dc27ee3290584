import HTTPServer
import Reports
import Store

extension App {
    /// `GET /api/v1/projects/{project}/runs/{run}/logs?test=&attempt=&limit=&after=`: the
    /// run's log lines (sent through the ReportPortal API) in time order; with `test`, only that
    /// test's (and its nested steps'), with `attempt` only that attempt's.
    func listRunLogs(_ request: Request) throws -> Response {
        let (project, run) = try projectAndRun(request)
        // The range the spec declares: a bound a JSON number holds exactly, far above any real attempt.
        let attempt = request.query("attempt") == nil
            ? nil : try HistoryParameters.integer(request, "attempt", default: 1, range: 1...Int(Int32.max))
        let limit = try Paging.limit(request, default: 500, max: 5000)
        guard let page = try store.runLogs(
            project: project, run: run, test: request.query("test"), attempt: attempt, limit: limit, after: request.query("after"))
        else {
            throw APIError.notFound("no run '\(run)' in project '\(project)'")
        }
        return .json(.object([
            ("logs", .array(page.items.map { log in
                .object([
                    ("id", .int(log.id)),
                    ("time", JSONShapes.time(log.time)),
                    ("level", .string(log.level)),
                    ("message", .string(log.message)),
                    ("item", .string(log.item)),
                    ("test", .string(log.test)),
                    ("attempt", log.attempt.map { .int($0) } ?? .null),
                    ("attachment", log.attachment.map { attachmentJSON($0, project: project) } ?? .null),
                ])
            })),
            ("next", JSONShapes.next(page.next)),
        ]))
    }

    func attachmentJSON(_ info: AttachmentInfo, project: String) -> JSONValue {
        .object([
            ("id", .int(info.id)),
            ("name", .string(info.name)),
            ("content_type", .string(info.contentType)),
            ("size", .int(info.size)),
            ("url", info.stored ? .string("/api/v1/projects/\(RPAnswer.encodeSegment(project))/attachments/\(info.id)") : .null),
        ])
    }

    /// `GET /api/v1/projects/{project}/attachments/{attachment}`: the file, always as a download
    /// (`Content-Disposition: attachment`, `nosniff`), with its type only when it is inert.
    func getAttachment(_ request: Request) throws -> Response {
        let project = try projectName(request)
        guard let text = request.pathParameters["attachment"], let id = Int64(text),
              let attachment = try store.attachment(project: project, id: id)
        else {
            throw APIError.notFound("no such attachment in project '\(project)'")
        }
        guard let bytes = attachment.bytes else {
            throw APIError(status: 404, code: "attachment_not_kept",
                           message: "'\(attachment.info.name)' (\(attachment.info.size) bytes) was over the size limit; only its name and size were kept")
        }
        var response = Response(status: 200, contentType: AttachmentTypes.served(attachment.info.contentType), body: bytes)
        response.headers.add("Content-Disposition", Self.contentDisposition(filename: attachment.info.name))
        response.headers.add("X-Content-Type-Options", "nosniff")
        response.headers.add("Content-Security-Policy", "default-src 'none'; sandbox")
        response.headers.add("Cache-Control", "private, max-age=86400")
        return response
    }

    /// RFC 6266: an ASCII `filename` for old clients and the exact name as RFC 8187 `filename*`.
    static func contentDisposition(filename: String) -> String {
        let fallback = String(filename.unicodeScalars.map { s -> Character in
            s.isASCII && s.value >= 0x20 && s.value != 0x7F && s != "\"" && s != "\\" ? Character(s) : "_"
        })
        return "attachment; filename=\"\(fallback)\"; filename*=UTF-8''\(RPAnswer.encodeSegment(filename))"
    }
}
