/// The `--server` URL: `http://host[:port][/prefix]`, the prefix being where a reverse proxy
/// mounts Verdict. HTTPS is not spoken by the client (see docs/push.md).
struct PushServerAddress: Equatable, Sendable {
    /// Without brackets, as getaddrinfo wants it (`::1`, not `[::1]`).
    var host: String
    var port: Int
    /// `""` or a path starting with `/` and not ending with one (`/verdict`).
    var pathPrefix: String
    /// `http://host:port/prefix` as it is printed (the port left out when it was).
    var base: String

    init(parsing text: String) throws(PushUsageError) {
        let trimmed = text.trimmingSpaces()
        let lower = trimmed.lowercased()
        if lower.hasPrefix("https://") {
            throw PushUsageError(
                "--server \(trimmed): https is not supported by verdict push; use the server's plain http:// address "
                    + "(on a private network, or through a local TLS-terminating proxy such as stunnel)")
        }
        guard lower.hasPrefix("http://") else {
            throw PushUsageError("--server \(trimmed): expected a URL like http://verdict.internal:8080")
        }
        let rest = trimmed.dropFirst("http://".count)
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var path = String(rest[authorityEnd...])
        guard !path.contains("?"), !path.contains("#") else {
            throw PushUsageError("--server \(trimmed): a query or fragment has no meaning here; give http://host:port[/prefix]")
        }
        guard !authority.contains("@") else {
            throw PushUsageError("--server \(trimmed): credentials in the URL are not used; pass the token with --token or VERDICT_TOKEN")
        }
        var hostPart = Substring(authority)
        var portText: Substring?
        if hostPart.hasPrefix("[") {
            guard let close = hostPart.firstIndex(of: "]") else { throw PushUsageError("--server \(trimmed): unclosed '[' in the host") }
            let after = hostPart[hostPart.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() } else if !after.isEmpty {
                throw PushUsageError("--server \(trimmed): unexpected text after the host")
            }
            hostPart = hostPart[hostPart.index(after: hostPart.startIndex)..<close]
        } else if let colon = hostPart.lastIndex(of: ":") {
            portText = hostPart[hostPart.index(after: colon)...]
            hostPart = hostPart[..<colon]
        }
        guard !hostPart.isEmpty else { throw PushUsageError("--server \(trimmed): no host") }
        var port = 80
        if let portText {
            guard let number = Int(portText), (1...65535).contains(number) else {
                throw PushUsageError("--server \(trimmed): the port must be a number from 1 to 65535")
            }
            port = number
        }
        while path.hasSuffix("/") { path.removeLast() }
        host = String(hostPart)
        self.port = port
        pathPrefix = path
        base = "http://\(authority)\(path)"
    }

    /// The request target for an API path (`/api/v1/…`), behind the prefix.
    func target(_ path: String) -> String { pathPrefix + path }

    /// `/api/v1/projects/{project}/runs/{run}`, each name one percent-encoded segment.
    static func runPath(project: String, run: String) -> String {
        "/api/v1/projects/\(segment(project))/runs/\(segment(run))"
    }

    /// The run's page in the web UI.
    func runPageURL(project: String, run: String) -> String {
        "\(base)/#/p/\(Self.segment(project))/runs/\(Self.segment(run))"
    }

    /// The run's JSON twin.
    func runJSONURL(project: String, run: String) -> String {
        base + Self.runPath(project: project, run: run)
    }

    /// RFC 3986 §2.3: everything but unreserved characters is percent-encoded, so a name is one
    /// path segment however odd it is (the server and the UI decode it exactly once).
    static func segment(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 0xF, radix: 16, uppercase: true)
            }
        }
        return out
    }
}

extension String {
    /// Without leading and trailing whitespace.
    func trimmingSpaces() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[first...last])
    }
}
