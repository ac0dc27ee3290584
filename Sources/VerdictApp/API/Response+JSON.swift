import HTTPServer
import Reports
import Store

extension Response {
    /// A JSON response; every API answer goes through here.
    static func json(status: Int = 200, _ value: JSONValue) -> Response {
        Response(status: status, contentType: "application/json; charset=utf-8", body: JSONWriter.bytes(value))
    }
}

extension Response {
    /// An answer kept for an `Idempotency-Key`; a replay says so, so clients can tell
    /// "stored now" from "stored before".
    static func stored(_ answer: StoredAnswer, replayed: Bool) -> Response {
        var response = Response(status: answer.status, contentType: "application/json; charset=utf-8", body: answer.body)
        if replayed { response.headers.add("Idempotent-Replayed", "true") }
        return response
    }
}
