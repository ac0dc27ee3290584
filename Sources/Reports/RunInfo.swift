/// What a client says about a run; every field is optional and a later PUT fills in more.
public struct RunInfo: Sendable, Equatable {
    public var name: String?
    public var branch: String?
    public var commit: String?
    public var url: String?
    public var attributes: [String: String]
    /// Milliseconds since the epoch, UTC.
    public var startedAt: Int64?

    public init(
        name: String? = nil, branch: String? = nil, commit: String? = nil, url: String? = nil,
        attributes: [String: String] = [:], startedAt: Int64? = nil
    ) {
        self.name = name
        self.branch = branch
        self.commit = commit
        self.url = url
        self.attributes = attributes
        self.startedAt = startedAt
    }
}
