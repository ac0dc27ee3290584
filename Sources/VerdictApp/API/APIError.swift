import HTTPServer
import Reports
import Store

/// An error as the client sees it: a status and `{"error": {"code", "message"}}`.
public struct APIError: Error, Equatable, Sendable {
    public var status: Int
    public var code: String
    public var message: String
    public var headers: [(String, String)] = []

    public init(status: Int, code: String, message: String, headers: [(String, String)] = []) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    public static func == (lhs: APIError, rhs: APIError) -> Bool {
        lhs.status == rhs.status && lhs.code == rhs.code && lhs.message == rhs.message
    }

    public static func notFound(_ what: String) -> APIError { APIError(status: 404, code: "not_found", message: what) }

    public static func invalidParameter(_ name: String, _ why: String) -> APIError {
        APIError(status: 400, code: "invalid_parameter", message: "\(name): \(why)")
    }

    public var response: Response {
        var response = Response.json(status: status, .object([("error", .object([("code", .string(code)), ("message", .string(message))]))]))
        for (name, value) in headers { response.headers.add(name, value) }
        return response
    }
}

/// Turning any error into what the client sees happens here and nowhere else.
enum ErrorMapping {
    static func apiError(_ error: Error) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as NativeReportError:
            switch error {
            case .syntax(let syntax): return APIError(status: 400, code: "invalid_json", message: syntax.description)
            case .invalidField: return APIError(status: 422, code: "invalid_field", message: error.description)
            case .tooManyResults: return APIError(status: 413, code: "too_many_results", message: error.description)
            }
        case let error as StoreError:
            switch error {
            case .overloaded:
                return APIError(status: 503, code: "overloaded", message: error.description, headers: [("Retry-After", "1")])
            case .closed:
                return APIError(status: 503, code: "shutting_down", message: error.description, headers: [("Retry-After", "5")])
            case .diskFull: return APIError(status: 507, code: "disk_full", message: error.description)
            case .idempotencyConflict: return APIError(status: 422, code: "idempotency_key_reused", message: error.description)
            case .invalidMigrations, .database: return APIError(status: 500, code: "internal", message: "the database failed: \(error)")
            }
        case let error as Authenticator.Failure:
            switch error {
            case .missing:
                return APIError(status: 401, code: "unauthorized", message: "this needs 'Authorization: Bearer <token>'",
                                headers: [("WWW-Authenticate", "Bearer")])
            case .unknown:
                return APIError(status: 401, code: "invalid_token", message: "the token is unknown or revoked",
                                headers: [("WWW-Authenticate", "Bearer error=\"invalid_token\"")])
            case .forbidden(let why): return APIError(status: 403, code: "forbidden", message: why)
            }
        case let error as JUnitError:
            if case .notXML = error {
                return APIError(status: 415, code: "not_xml", message: "the body is not an XML document; send a JUnit XML report")
            }
            return APIError(status: 400, code: "invalid_xml", message: "the JUnit report is not valid: \(error)")
        case let error as HTTPError:
            // Keep what the server's own answer carries (Retry-After on 503 overload).
            let headers = HTTPError.defaultResponse(error).headers.fields.filter { $0.name == "Retry-After" }.map { ($0.name, $0.value) }
            return APIError(status: error.status, code: error.code, message: error.description, headers: headers)
        default:
            return APIError(status: 500, code: "internal", message: "internal error: \(error)")
        }
    }
}

extension App {
    /// The server's answer to requests it refused before routing (bad framing, limits, overload).
    public func errorResponse(for error: HTTPError) -> Response {
        ErrorMapping.apiError(error).response
    }
}
