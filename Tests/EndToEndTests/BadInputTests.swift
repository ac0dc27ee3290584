import Reports
import Testing

/// Bad input gets the right status and the error envelope, and stores nothing.
@Suite struct BadInputTests {
    static let server = Result { try ServerProcess(arguments: ["--max-results-per-post", "100", "--max-json-bytes", "65536"]) }

    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let method: String
        let path: String
        let body: String
        let headers: [(String, String)]
        let status: Int
        let code: String
        /// A word the message must contain (the field or limit it names).
        let mentions: String

        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "malformed JSON", method: "POST", path: "/api/v1/projects/p/runs/r/results", body: #"{"results": [}"#,
             headers: [], status: 400, code: "invalid_json", mentions: "line 1, column 14"),
        Case(name: "results not an array", method: "POST", path: "/api/v1/projects/p/runs/r/results", body: #"{"results": 5}"#,
             headers: [], status: 422, code: "invalid_field", mentions: "results"),
        Case(name: "missing test", method: "POST", path: "/api/v1/projects/p/runs/r/results",
             body: #"{"results": [{"test": "ok", "status": "passed"}, {"status": "passed"}]}"#,
             headers: [], status: 422, code: "invalid_field", mentions: "results[1].test"),
        Case(name: "unknown status", method: "POST", path: "/api/v1/projects/p/runs/r/results",
             body: #"{"results": [{"test": "a", "status": "green"}]}"#, headers: [], status: 422, code: "invalid_field", mentions: "results[0].status"),
        Case(name: "wrong type", method: "POST", path: "/api/v1/projects/p/runs/r/results",
             body: #"{"results": [{"test": "a", "status": "passed", "duration_ms": "fast"}]}"#, headers: [], status: 422,
             code: "invalid_field", mentions: "results[0].duration_ms"),
        Case(name: "bad project name", method: "POST", path: "/api/v1/projects/bad%20name!/runs/r/results",
             body: #"{"results": [{"test": "a", "status": "passed"}]}"#, headers: [], status: 400, code: "invalid_project", mentions: "project"),
        Case(name: "run key with a slash", method: "POST", path: "/api/v1/projects/p/runs/a%2Fb/results",
             body: #"{"results": [{"test": "a", "status": "passed"}]}"#, headers: [], status: 400, code: "invalid_run", mentions: "run"),
        Case(name: "too many results", method: "POST", path: "/api/v1/projects/p/runs/r/results",
             body: #"{"results": ["# + (0..<101).map { _ in #"{"test": "a", "status": "passed"}"# }.joined(separator: ",") + "]}",
             headers: [], status: 413, code: "too_many_results", mentions: "100"),
        Case(name: "oversized JSON body", method: "POST", path: "/api/v1/projects/p/runs/r/results",
             body: #"{"results": [], "pad": ""# + String(repeating: "x", count: 70_000) + #""}"#,
             headers: [], status: 413, code: "body_too_large", mentions: "65536"),
        Case(name: "not JSON", method: "POST", path: "/api/v1/projects/p/runs/r/results", body: "<xml/>",
             headers: [("Content-Type", "application/xml")], status: 415, code: "unsupported_media_type", mentions: "application/json"),
        Case(name: "bad run body", method: "PUT", path: "/api/v1/projects/p/runs/r", body: #"{"branch": 3}"#,
             headers: [], status: 422, code: "invalid_field", mentions: "branch"),
        Case(name: "bad limit", method: "GET", path: "/api/v1/projects/p/runs?limit=0", body: "",
             headers: [], status: 400, code: "invalid_parameter", mentions: "limit"),
        Case(name: "bad status filter", method: "GET", path: "/api/v1/projects/p/runs/r/results?status=green", body: "",
             headers: [], status: 400, code: "invalid_parameter", mentions: "status"),
        Case(name: "unknown endpoint", method: "GET", path: "/api/v1/nothing/here/at/all/really", body: "",
             headers: [], status: 404, code: "not_found", mentions: "/api/v1/nothing"),
        Case(name: "wrong method", method: "DELETE", path: "/api/v1/projects", body: "",
             headers: [], status: 405, code: "method_not_allowed", mentions: "GET"),
        Case(name: "finish an unknown run", method: "POST", path: "/api/v1/projects/p/runs/never/finish", body: "",
             headers: [], status: 404, code: "not_found", mentions: "never"),
    ]

    @Test(arguments: cases)
    func badInput_isRefusedWithTheEnvelope_andStoresNothing(_ c: Case) throws {
        let server = try Self.server.get()
        let api = APIClient(server)
        let reply = try api.send(c.method, c.path, body: Array(c.body.utf8), headers: c.headers)
        #expect(reply.status == c.status, "\(reply.text)")
        #expect(reply.errorCode == c.code, "\(reply.text)")
        let message = reply.json["error"]?["message"]?.string ?? ""
        #expect(message.contains(c.mentions), "\(message)")
        #expect(reply.headers["Content-Type"]?.hasPrefix("application/json") == true)
        #expect(try api.get("/api/v1/projects/p/runs/r").status == 404, "something was stored")
    }
}
