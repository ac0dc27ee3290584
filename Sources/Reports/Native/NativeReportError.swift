/// Why a native JSON body was refused. `field` is a path such as `results[3].status`.
public enum NativeReportError: Error, Equatable, Sendable, CustomStringConvertible {
    case syntax(JSONSyntaxError)
    case invalidField(field: String, reason: String)
    case tooManyResults(count: Int, limit: Int)

    public var description: String {
        switch self {
        case .syntax(let error): return error.description
        case .invalidField(let field, let reason): return "\(field): \(reason)"
        case .tooManyResults(let count, let limit): return "\(count) results in one post; the limit is \(limit)"
        }
    }
}
