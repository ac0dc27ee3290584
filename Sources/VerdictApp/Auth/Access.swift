import HTTPServer
import Store

/// What a route needs from the caller.
public enum Access: Sendable, Equatable {
    /// Open unless the server runs with `--private`.
    case read
    /// A token that may write to the project named by the route's `{project}` parameter.
    case write
    /// Always open (health checks, the spec, static files).
    case open
}

/// Who is calling, once a bearer token has been checked.
public struct Principal: Sendable, Equatable {
    /// nil: every project.
    public var project: String?
    public var canWrite: Bool

    public static let root = Principal(project: nil, canWrite: true)

    public func mayRead(_ project: String?) -> Bool {
        self.project == nil || project == nil || self.project == project
    }

    public func mayWrite(_ project: String?) -> Bool { canWrite && mayRead(project) }
}

/// Checks `Authorization: Bearer …` against the server's own token and the stored ones.
public struct Authenticator: Sendable {
    /// Hash of the token given by `--token` / `VERDICT_TOKEN`, if any.
    let rootTokenHash: [UInt8]?
    let store: Store

    public init(rootToken: String?, store: Store) {
        rootTokenHash = rootToken.map(Tokens.hash)
        self.store = store
    }

    public enum Failure: Error, Equatable {
        case missing
        case unknown
        case forbidden(String)
    }

    /// The caller, or nil when no token was sent.
    func principal(for request: Request) throws -> Principal? {
        guard let header = request.headers["Authorization"] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { throw Failure.unknown }
        let hash = Tokens.hash(String(parts[1]).trimmingSpaces())
        if let rootTokenHash, constantTimeEquals(hash, rootTokenHash) { return .root }
        // Looked up by hash: timing reveals nothing about the token itself, only about its
        // hash, which an attacker cannot steer. The stored hash is compared in constant time anyway.
        guard let record = try store.token(hash: hash), constantTimeEquals(record.hash, hash) else { throw Failure.unknown }
        return Principal(project: record.project, canWrite: record.canWrite)
    }

    /// Decides whether `request` may go on to a route that needs `access` on `project`.
    func authorize(_ request: Request, access: Access, project: String?, privateReads: Bool) throws {
        switch access {
        case .open:
            return
        case .read:
            guard privateReads else { return }
            guard let principal = try principal(for: request) else { throw Failure.missing }
            guard principal.mayRead(project) else { throw Failure.forbidden("this token cannot read project '\(project ?? "")'") }
        case .write:
            guard let principal = try principal(for: request) else { throw Failure.missing }
            guard principal.canWrite else { throw Failure.forbidden("this token is read-only") }
            guard principal.mayWrite(project) else { throw Failure.forbidden("this token cannot write to project '\(project ?? "")'") }
        }
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s = s.dropFirst() }
        while s.last == " " || s.last == "\t" { s = s.dropLast() }
        return String(s)
    }
}
