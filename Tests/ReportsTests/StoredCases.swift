import Reports

/// Maps stored results back to the `<testcase>` elements they came from, the way a reader of the
/// database would: each case's own result carries `junit.attempt_kind = "testcase"`; retry
/// attempts carry their element name and sit before it (flaky*, and any retry of a passing or
/// skipped case) or right after it (rerun* of a failing case).
struct StoredCase {
    var own: TestResult
    var retries: [TestResult]

    var classname: String { own.attributes["junit.classname"] ?? "" }
    var name: String { own.attributes["junit.name"] ?? "" }
    var flaky: Bool { own.status == .passed && !retries.isEmpty }
    var failedAttempts: Int { retries.count + (own.status.isFailure ? 1 : 0) }

    static func group(_ results: [TestResult]) -> [StoredCase] {
        var cases: [StoredCase] = []
        var pending: [TestResult] = []
        for result in results {
            let kind = result.attributes["junit.attempt_kind"] ?? ""
            if kind == "testcase" {
                cases.append(StoredCase(own: result, retries: pending))
                pending = []
            } else if kind.hasPrefix("rerun"), pending.isEmpty, let last = cases.last,
                      last.own.test == result.test, last.own.status.isFailure {
                cases[cases.count - 1].retries.append(result)
            } else {
                pending.append(result)
            }
        }
        return cases
    }
}
