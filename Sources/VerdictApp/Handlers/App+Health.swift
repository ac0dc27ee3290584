import HTTPServer
import Reports

extension App {
    /// `GET /healthz`: answers 200 when the database can be read.
    func health() throws -> Response {
        _ = try store.databaseBytes()
        return .json(.object([("status", "ok")]))
    }

    /// `GET /api/openapi.json`: the spec, assembled from `openapi/` at first use.
    func openAPI() -> Response {
        Response(status: 200, contentType: "application/json; charset=utf-8", body: OpenAPIDocument.bytes)
    }
}
