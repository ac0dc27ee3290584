/// The outcome of routing one request.
public enum RouteMatch<Handler> {
    /// A route matched; `parameters` holds its `{name}` segments, percent-decoded once.
    case found(Handler, parameters: [String: String], pattern: String)
    /// The path exists but not for this method; `allowed` is for the `Allow` field (405).
    case methodNotAllowed(allowed: [String])
    case notFound
    /// A path segment holds a malformed percent-escape or is not UTF-8 (answer 400).
    case malformedPath
}

extension RouteMatch: Sendable where Handler: Sendable {}

/// A route table from `(method, pattern)` to whatever the app attaches (`Handler`), so routes
/// can carry metadata and tests can read the table as data.
///
/// Patterns are literal segments and `{name}` segments: `/api/v1/projects/{project}/runs/{run}`.
/// Matching splits the raw path on "/" and percent-decodes each segment exactly once, so `%2F`
/// in a parameter is a slash in its value, never a separator. Literal segments are tried before
/// parameters, with backtracking: `/api/v1/projects/launch/uuid/X` falls back from
/// `/api/v1/projects/{project}/...` to `/api/v1/{project}/launch/uuid/{uuid}` (a project may be
/// called `projects`). Among patterns that fit the path, the first in that order with the
/// method wins. HEAD matches GET routes. Parameters never match an empty segment.
public struct Router<Handler> {
    /// One entry of the table.
    public struct Route {
        public let method: String
        public let pattern: String
        public let handler: Handler
        /// `{name}`s in order of appearance.
        let parameterNames: [String]
    }

    private struct Node {
        var literals: [String: Int] = [:]
        var parameter: Int?
        /// Method → index into `routes`.
        var routes: [String: Int] = [:]
    }

    /// Every route in the order added.
    public private(set) var routes: [Route] = []
    private var nodes = [Node()]

    public init() {}

    /// Adds a route. Adding the same method and pattern twice is a programming error.
    public mutating func add(_ method: String, _ pattern: String, _ handler: Handler) {
        var node = 0
        var names: [String] = []
        for segment in Self.segments(of: pattern) {
            if segment.hasPrefix("{") && segment.hasSuffix("}") && segment.count > 2 {
                names.append(String(segment.dropFirst().dropLast()))
                if nodes[node].parameter == nil {
                    nodes.append(Node())
                    nodes[node].parameter = nodes.count - 1
                }
                node = nodes[node].parameter!
            } else {
                if nodes[node].literals[segment] == nil {
                    nodes.append(Node())
                    nodes[node].literals[segment] = nodes.count - 1
                }
                node = nodes[node].literals[segment]!
            }
        }
        precondition(nodes[node].routes[method] == nil, "duplicate route \(method) \(pattern)")
        routes.append(Route(method: method, pattern: pattern, handler: handler, parameterNames: names))
        nodes[node].routes[method] = routes.count - 1
    }

    /// Routes `method` and `path` (the raw, still percent-encoded path; a query is ignored).
    public func match(method: String, path: String) -> RouteMatch<Handler> {
        let rawPath = path.utf8.firstIndex(of: UInt8(ascii: "?")).map { String(path[..<$0]) } ?? path
        guard rawPath.hasPrefix("/") else { return .notFound }
        var decoded: [String] = []
        for segment in Self.segments(of: rawPath) {
            guard let value = PercentDecoding.decode(segment) else { return .malformedPath }
            decoded.append(value)
        }
        var allowed: Set<String> = []
        var captured: [String] = []
        var found: Route?
        var foundValues: [String] = []
        search(node: 0, depth: 0, segments: decoded, captured: &captured) { node, values in
            let candidates = nodes[node].routes
            guard !candidates.isEmpty else { return false }
            if let index = candidates[method] ?? (method == "HEAD" ? candidates["GET"] : nil) {
                found = routes[index]
                foundValues = values
                return true
            }
            allowed.formUnion(candidates.keys)
            if candidates["GET"] != nil { allowed.insert("HEAD") }
            return false
        }
        if let found {
            let parameters = Dictionary(zip(found.parameterNames, foundValues), uniquingKeysWith: { _, last in last })
            return .found(found.handler, parameters: parameters, pattern: found.pattern)
        }
        return allowed.isEmpty ? .notFound : .methodNotAllowed(allowed: allowed.sorted())
    }

    /// Depth-first, literal before parameter; `visit` returns true to stop.
    @discardableResult
    private func search(
        node: Int, depth: Int, segments: [String], captured: inout [String], visit: (Int, [String]) -> Bool
    ) -> Bool {
        if depth == segments.count { return visit(node, captured) }
        let segment = segments[depth]
        if let child = nodes[node].literals[segment],
           search(node: child, depth: depth + 1, segments: segments, captured: &captured, visit: visit) {
            return true
        }
        if let child = nodes[node].parameter, !segment.isEmpty {
            captured.append(segment)
            if search(node: child, depth: depth + 1, segments: segments, captured: &captured, visit: visit) { return true }
            captured.removeLast()
        }
        return false
    }

    /// "/a/b" → ["a", "b"]; "/" → [""].
    private static func segments(of path: String) -> [String] {
        // Split the UTF-8 bytes, not the Characters: "/" is ASCII, so every piece stays valid UTF-8.
        path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).dropFirst()
            .map { String(Substring($0)) }
    }
}

extension Router: Sendable where Handler: Sendable {}
extension Router.Route: Sendable where Handler: Sendable {}
