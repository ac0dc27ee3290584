import Reports

/// Maps stored results back to the `<testcase>` elements they came from, the way a reader of the
/// database would: every result carries `junit.case`, the position of its `<testcase>` in the
/// upload, and `junit.attempt_kind`, `testcase` for the case's own result and the element name
/// for a retry attempt.
struct StoredCase {
    var own: TestResult
    var retries: [TestResult]

    var classname: String { own.attributes["junit.classname"] ?? "" }
    var name: String { own.attributes["junit.name"] ?? "" }
    var flaky: Bool { own.status == .passed && !retries.isEmpty }
    var failedAttempts: Int { retries.count + (own.status.isFailure ? 1 : 0) }

    /// The cases in document order.
    static func group(_ results: [TestResult]) -> [StoredCase] {
        let byCase = Dictionary(grouping: results) { Int($0.attributes["junit.case"] ?? "") ?? 0 }
        return byCase.keys.sorted().compactMap { ordinal in
            let attempts = byCase[ordinal] ?? []
            guard let own = attempts.first(where: { $0.attributes["junit.attempt_kind"] == "testcase" }) else { return nil }
            return StoredCase(own: own, retries: attempts.filter { $0.attributes["junit.attempt_kind"] != "testcase" })
        }
    }
}
