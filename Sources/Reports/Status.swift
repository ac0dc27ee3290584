/// The outcome of one attempt of one test.
public enum Status: String, Sendable, CaseIterable, Codable {
    case passed, failed, error, skipped

    /// True for the outcomes that count as a failure of the test.
    public var isFailure: Bool { self == .failed || self == .error }
}
