extension App {
    /// The ReportPortal-compatible API.
    static let reportPortalRoutes: [Route] = []
}

/// Settings of the ReportPortal-compatible API.
public struct ReportPortalConfiguration: Sendable {
    public init() {}
}
