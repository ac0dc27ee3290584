/// One attempt of one test, normalized from any report format.
///
/// `(run, test, attempt)` identifies a result: posting it again changes nothing.
public struct TestResult: Sendable, Equatable {
    /// The test's stable key, e.g. `tests/test_api.py::TestLogin::test_ok`.
    public var test: String
    public var status: Status
    /// 1-based; a retry of the same test in the same run has a higher attempt.
    public var attempt: Int
    public var durationMs: Int64?
    /// Milliseconds since the epoch, UTC.
    public var startedAt: Int64?
    public var worker: String?
    public var file: String?
    /// The suite path, outermost first, joined with " / ".
    public var suite: String?
    public var message: String?
    public var trace: String?
    /// Captured stdout/stderr, already cut to the configured size.
    public var output: String?
    /// Producer-specific facts kept as they came (JUnit properties, hostname, RP attributes).
    public var attributes: [String: String]

    public init(
        test: String, status: Status, attempt: Int = 1, durationMs: Int64? = nil,
        startedAt: Int64? = nil, worker: String? = nil, file: String? = nil, suite: String? = nil,
        message: String? = nil, trace: String? = nil, output: String? = nil,
        attributes: [String: String] = [:]
    ) {
        self.test = test
        self.status = status
        self.attempt = attempt
        self.durationMs = durationMs
        self.startedAt = startedAt
        self.worker = worker
        self.file = file
        self.suite = suite
        self.message = message
        self.trace = trace
        self.output = output
        self.attributes = attributes
    }
}
