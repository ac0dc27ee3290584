import HTTPServer
import Reports
import Store

extension App {
    /// `GET …/quarantine`: the project's quarantined tests, for a CI job to skip or ignore.
    /// `?format=text` gives one test key per line.
    func listQuarantine(_ request: Request) throws -> Response {
        let project = try projectName(request)
        let entries = try store.quarantine(project: project)
        switch request.query("format") {
        case nil, "json":
            return .json(.object([("tests", .array(entries.map(HistoryJSON.quarantineEntry)))]))
        case "text":
            let text = entries.map { $0.test + "\n" }.joined()
            return Response(status: 200, contentType: "text/plain; charset=utf-8", body: Array(text.utf8))
        default:
            throw APIError.invalidParameter("format", "use json or text")
        }
    }

    /// `PUT …/quarantine/{test}` with `{"reason": "..."}`: 201 when newly quarantined, 200 when
    /// the reason was replaced.
    func quarantineTest(_ request: Request) throws -> Response {
        let project = try projectName(request)
        let test = try HistoryParameters.testKey(request.pathParameters["test"], name: "test")
        let reason = try Self.quarantineReason(try jsonBody(request))
        let outcome = try store.write(now: now) { try $0.quarantine(project: project, test: test, reason: reason) }
        switch outcome {
        case .created(let entry): return .json(status: 201, HistoryJSON.quarantineEntry(entry))
        case .updated(let entry): return .json(HistoryJSON.quarantineEntry(entry))
        case .unknownTest: throw APIError.notFound("no test '\(test)' in project '\(project)': a test is quarantined once it has reported")
        }
    }

    /// `DELETE …/quarantine/{test}`: 404 when the test was not quarantined.
    func releaseTest(_ request: Request) throws -> Response {
        let project = try projectName(request)
        let test = try HistoryParameters.testKey(request.pathParameters["test"], name: "test")
        let released = try store.write(now: now) { try $0.release(project: project, test: test) }
        guard released else { throw APIError.notFound("test '\(test)' is not quarantined in project '\(project)'") }
        return .json(.object([("test", .string(test)), ("quarantined", .bool(false))]))
    }

    static let maxReasonBytes = 2000

    /// `{"reason": "..."}`: non-blank text of at most `maxReasonBytes`.
    static func quarantineReason(_ body: [UInt8]) throws -> String {
        let document: JSONValue
        do { document = try JSONParser.parse(body) } catch { throw APIError(status: 400, code: "invalid_json", message: error.description) }
        guard case .object = document else {
            throw APIError(status: 422, code: "invalid_field", message: "the body must be an object: {\"reason\": \"...\"}")
        }
        guard let reason = document["reason"]?.string, !reason.trimmingSpaces().isEmpty, reason.utf8.count <= maxReasonBytes else {
            throw APIError(status: 422, code: "invalid_field", message: "reason: is required, non-blank text of at most \(maxReasonBytes) bytes")
        }
        return reason
    }
}
