extension App {
    /// Test history, run comparison, failure signatures, flaky tests and quarantine.
    static let historyRoutes: [Route] = []
}

/// Thresholds of the flakiness model.
public struct FlakyConfiguration: Sendable {
    public init() {}
}
