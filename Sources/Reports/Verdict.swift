/// A test's outcome in one run, derived from all its attempts there.
public enum Verdict: String, Sendable, CaseIterable, Codable {
    case passed, failed, error, skipped, flaky

    /// The verdict of a test whose final attempt ended with `last`, given whether any
    /// attempt failed. A failed attempt followed by a passing final one is `flaky`.
    public static func of(last: Status, anyFailedAttempt: Bool) -> Verdict {
        switch last {
        case .passed: return anyFailedAttempt ? .flaky : .passed
        case .failed: return .failed
        case .error: return .error
        case .skipped: return .skipped
        }
    }
}
