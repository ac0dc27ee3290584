/// Limits and settings of one JUnit read. Every limit is explicit so a hostile or merely huge
/// report costs bounded memory; each has a test that crosses it.
public struct JUnitOptions: Sendable, Equatable {
    /// Stored in every result's `worker` (the `?worker=` of the upload).
    public var worker: String?
    /// Results handed to `emit` at once, at most.
    public var batchSize: Int
    /// A batch is also handed over once its text (message, trace, output) reaches this many bytes,
    /// so 500 results with 64 KiB of output each never sit in memory together.
    public var maxBatchBytes: Int
    /// UTF-8 bytes of `<system-out>` + `<system-err>` kept per result; the rest is cut with a marker.
    public var maxOutputBytes: Int
    /// UTF-8 bytes of failure/error/skipped body text (the trace) kept per result.
    public var maxTraceBytes: Int
    /// UTF-8 bytes of the `message` attribute kept per result.
    public var maxMessageBytes: Int
    /// `<property>` entries copied into one result's attributes (the case's own first, then the
    /// suites' from the innermost out). Surefire writes ~60 JVM properties per suite.
    public var maxProperties: Int
    /// UTF-8 bytes kept of one property value.
    public var maxPropertyValueBytes: Int
    /// `flakyFailure`/`flakyError`/`rerunFailure`/`rerunError` elements stored per `<testcase>`;
    /// further ones are counted (in the summary) but not stored.
    public var maxRetriesPerCase: Int
    /// Element nesting allowed; deeper documents are rejected with `JUnitError.tooDeep`.
    public var maxDepth: Int

    public init(
        worker: String? = nil, batchSize: Int = 500, maxBatchBytes: Int = 4 << 20,
        maxOutputBytes: Int = 64 << 10, maxTraceBytes: Int = 64 << 10, maxMessageBytes: Int = 8 << 10,
        maxProperties: Int = 64, maxPropertyValueBytes: Int = 1024, maxRetriesPerCase: Int = 100,
        maxDepth: Int = 64
    ) {
        self.worker = worker
        self.batchSize = max(1, batchSize)
        self.maxBatchBytes = max(1, maxBatchBytes)
        self.maxOutputBytes = max(0, maxOutputBytes)
        self.maxTraceBytes = max(0, maxTraceBytes)
        self.maxMessageBytes = max(0, maxMessageBytes)
        self.maxProperties = max(0, maxProperties)
        self.maxPropertyValueBytes = max(0, maxPropertyValueBytes)
        self.maxRetriesPerCase = max(0, maxRetriesPerCase)
        self.maxDepth = max(2, maxDepth)
    }
}
