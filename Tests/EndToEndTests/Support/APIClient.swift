import Foundation
import HTTPServer
import Reports

/// A keep-alive connection to a test server that speaks JSON. One per thread.
final class APIClient {
    let client: HTTPClient
    let token: String?

    init(_ server: ServerProcess, token: String? = nil, useToken: Bool = true, timeoutMs: Int = 30_000) {
        client = HTTPClient(host: "127.0.0.1", port: server.port, timeoutMs: timeoutMs)
        self.token = useToken ? (token ?? server.token) : nil
    }

    struct Reply {
        let status: Int
        let headers: HTTPHeaders
        let body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
        var json: JSONValue { (try? JSONParser.parse(body)) ?? .null }
        var errorCode: String? { json["error"]?["code"]?.string }
    }

    func send(_ method: String, _ path: String, body: [UInt8] = [], headers: [(String, String)] = [], gzip: Bool = false) throws -> Reply {
        var all = HTTPHeaders(headers)
        if let token, !all.contains("Authorization") { all.add("Authorization", "Bearer \(token)") }
        if !body.isEmpty, !all.contains("Content-Type") { all.add("Content-Type", "application/json") }
        let response = try client.send(method, path, headers: all, body: body, gzip: gzip)
        return Reply(status: response.status, headers: response.headers, body: response.body)
    }

    func send(_ method: String, _ path: String, json: JSONValue, headers: [(String, String)] = []) throws -> Reply {
        try send(method, path, body: JSONWriter.bytes(json), headers: headers)
    }

    func get(_ path: String) throws -> Reply { try send("GET", path) }

    /// Posts results; `results` are (test, status) pairs unless full objects are given.
    func post(project: String = "demo", run: String, worker: String? = nil, results: [JSONValue], headers: [(String, String)] = []) throws -> Reply {
        var body: [(String, JSONValue)] = [("results", .array(results))]
        if let worker { body.insert(("worker", .string(worker)), at: 0) }
        return try send("POST", "/api/v1/projects/\(project)/runs/\(run)/results", json: .object(body), headers: headers)
    }

    /// Every stored result of a run, through all pages.
    func allResults(project: String = "demo", run: String) throws -> [JSONValue] {
        var all: [JSONValue] = []
        var cursor: String?
        repeat {
            let reply = try get("/api/v1/projects/\(project)/runs/\(run)/results?limit=5000" + (cursor.map { "&after=\($0)" } ?? ""))
            guard reply.status == 200 else { throw APIClientError.unexpected(reply.status, reply.text) }
            all += reply.json["results"]?.array ?? []
            cursor = reply.json["next"]?.string
        } while cursor != nil
        return all
    }
}

enum APIClientError: Error {
    case unexpected(Int, String)
}

func result(_ test: String, _ status: String, attempt: Int? = nil, worker: String? = nil) -> JSONValue {
    var members: [(String, JSONValue)] = [("test", .string(test)), ("status", .string(status))]
    if let attempt { members.append(("attempt", .int(attempt))) }
    if let worker { members.append(("worker", .string(worker))) }
    return .object(members)
}
