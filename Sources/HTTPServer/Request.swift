/// A parsed HTTP/1.1 request as handlers see it.
public struct Request: Sendable {
    public var method: String
    /// The request-target exactly as sent (origin-form: path and query, still percent-encoded).
    public var target: String
    public var headers: HTTPHeaders
    public var body: RequestBody
    /// Filled by the router: the `{name}` segments of the matched pattern, percent-decoded once.
    public var pathParameters: [String: String] = [:]
    /// The route pattern that matched, e.g. `/api/v1/projects/{project}/runs`; for logs and metrics.
    public var routePattern: String?
    /// Peer address, for the access log.
    public var remoteAddress: String = ""

    public init(method: String, target: String, headers: HTTPHeaders = HTTPHeaders(), body: RequestBody = .empty) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
    }

    /// The path part of the target, still percent-encoded.
    public var path: String {
        guard let q = queryMark else { return target }
        return String(target[..<q])
    }

    /// The query part of the target without `?`, still encoded; "" when absent.
    public var rawQuery: String {
        guard let q = queryMark else { return "" }
        return String(target[target.utf8.index(after: q)...])
    }

    /// Where `?` is. Searched as bytes: a `Character` search costs hundreds of instructions per
    /// character, and this runs several times per request.
    private var queryMark: String.Index? { target.utf8.firstIndex(of: UInt8(ascii: "?")) }

    /// Query items in order, `+` as space and percent-decoded once (application/x-www-form-urlencoded).
    public var queryItems: [(name: String, value: String)] {
        rawQuery.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = PercentDecoding.decodeFormComponent(String(parts[0])) ?? String(parts[0])
            let value = parts.count > 1 ? (PercentDecoding.decodeFormComponent(String(parts[1])) ?? String(parts[1])) : ""
            return (name, value)
        }
    }

    /// The first value of query parameter `name`.
    public func query(_ name: String) -> String? {
        queryItems.first { $0.name == name }?.value
    }
}
