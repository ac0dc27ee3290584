/// What one JUnit upload contained, counted per `<testcase>` element (the corpus rules of
/// `shared/corpus/junit/README.md`), plus how many results were stored from it.
public struct JUnitSummary: Sendable, Equatable {
    /// Local name of the root element (`testsuites`, `testsuite`, `testrun`, …).
    public var root: String = ""
    /// `<testcase>` elements anywhere in the document.
    public var testcases: Int = 0
    /// Test cases per status of the `<testcase>` element itself (rule 4).
    public var counts: [Status: Int] = [:]
    /// Passing cases that carry at least one retry element (Surefire flaky).
    public var flakyCases: Int = 0
    /// Retry elements plus one for every failed or errored case.
    public var failedAttempts: Int = 0
    /// Cases whose `time` attribute parsed.
    public var casesWithTime: Int = 0
    /// Sum of the parsed case times, in seconds (negative values included, as written).
    public var totalSeconds: Double = 0
    /// `TestResult` values handed to `emit` (cases plus their retry attempts).
    public var results: Int = 0
    /// Distinct test keys.
    public var tests: Int = 0
    /// Retry elements beyond `JUnitOptions.maxRetriesPerCase`, counted but not stored.
    public var droppedRetries: Int = 0
    /// Cases with an output, trace or message cut to its limit.
    public var truncatedCases: Int = 0

    public init() {}

    /// Cases with the given status; 0 when there were none.
    public func count(_ status: Status) -> Int { counts[status, default: 0] }
}
