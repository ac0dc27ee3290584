import Reports

/// A stored attempt, as read back.
public struct StoredResult: Sendable, Equatable {
    public var result: TestResult
    public var receivedAt: Int64
}

/// What an ingest stored: `accepted` new results and `duplicates` already present.
public struct IngestOutcome: Sendable, Equatable {
    public var accepted: Int
    public var duplicates: Int
    public var runCreated: Bool
}

/// A response kept for an `Idempotency-Key`, replayed verbatim for a repeated request.
public struct StoredAnswer: Sendable, Equatable {
    public var status: Int
    public var body: [UInt8]

    public init(status: Int, body: [UInt8]) {
        self.status = status
        self.body = body
    }
}

/// An `Idempotency-Key` with what it is scoped to and a fingerprint of the request body.
public struct IdempotencyKey: Sendable, Equatable {
    public var scope: String
    public var key: String
    public var fingerprint: String
    /// When set, the key lives as long as this run (project, run key) instead of expiring.
    public var run: (project: String, key: String)?

    public init(scope: String, key: String, fingerprint: String, keptWithRun run: (project: String, key: String)? = nil) {
        self.scope = scope
        self.key = key
        self.fingerprint = fingerprint
        self.run = run
    }

    public static func == (lhs: IdempotencyKey, rhs: IdempotencyKey) -> Bool {
        lhs.scope == rhs.scope && lhs.key == rhs.key && lhs.fingerprint == rhs.fingerprint
            && lhs.run?.project == rhs.run?.project && lhs.run?.key == rhs.run?.key
    }
}

/// A stored API token (its hash only).
public struct TokenRecord: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var hash: [UInt8]
    /// nil: every project.
    public var project: String?
    public var canWrite: Bool
    public var createdAt: Int64
    public var revokedAt: Int64?
}
