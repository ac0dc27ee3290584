import HTTPServer
import Reports

extension Response {
    /// A JSON response; every API answer goes through here.
    static func json(status: Int = 200, _ value: JSONValue) -> Response {
        Response(status: status, contentType: "application/json; charset=utf-8", body: JSONWriter.bytes(value))
    }
}
