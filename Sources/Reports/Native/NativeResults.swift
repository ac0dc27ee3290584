/// Limits on one native JSON post.
public struct NativeLimits: Sendable, Equatable {
    public var maxResults = 10_000
    public var maxTestKeyBytes = 4096
    public var maxMessageBytes = 16 * 1024
    public var maxTraceBytes = 256 * 1024
    public var maxOutputBytes = 256 * 1024

    public init() {}
}

/// One `POST …/results` body: `{"worker": "gw0", "results": [{test, status, …}]}`.
public struct NativeResultBatch: Sendable, Equatable {
    public var worker: String?
    public var results: [TestResult]

    /// Decodes and validates the body; nothing partial comes out of a bad body.
    public static func decode(_ bytes: [UInt8], limits: NativeLimits = NativeLimits()) throws(NativeReportError) -> NativeResultBatch {
        let document: JSONValue
        do { document = try JSONParser.parse(bytes) } catch { throw .syntax(error) }
        let body = try FieldReader(document, path: "")
        let worker = try body.string("worker", maxBytes: 200)
        guard let list = body.member("results") else {
            throw .invalidField(field: "results", reason: "is required (an array of results)")
        }
        guard let items = list.array else {
            throw .invalidField(field: "results", reason: "must be an array, not \(list.typeName)")
        }
        guard items.count <= limits.maxResults else { throw .tooManyResults(count: items.count, limit: limits.maxResults) }
        var results: [TestResult] = []
        results.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            var result = try decodeResult(item, path: "results[\(i)]", limits: limits)
            if result.worker == nil { result.worker = worker }
            results.append(result)
        }
        return NativeResultBatch(worker: worker, results: results)
    }

    static func decodeResult(_ item: JSONValue, path: String, limits: NativeLimits) throws(NativeReportError) -> TestResult {
        let fields = try FieldReader(item, path: path)
        guard let test = try fields.string("test", maxBytes: limits.maxTestKeyBytes) else {
            throw .invalidField(field: fields.fieldPath("test"), reason: "is required (the test's key)")
        }
        guard !test.isEmpty, !test.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw .invalidField(field: fields.fieldPath("test"), reason: "must be non-empty text without control characters")
        }
        guard let statusText = try fields.string("status", maxBytes: 32) else {
            throw .invalidField(field: fields.fieldPath("status"), reason: "is required: passed, failed, error or skipped")
        }
        guard let status = Status(rawValue: statusText.lowercased()) else {
            throw .invalidField(field: fields.fieldPath("status"), reason: "unknown status '\(statusText)': use passed, failed, error or skipped")
        }
        return TestResult(
            test: test,
            status: status,
            attempt: Int(try fields.integer("attempt", range: 1...1000) ?? 1),
            durationMs: try fields.milliseconds("duration_ms"),
            startedAt: try fields.timestamp("started_at"),
            worker: try fields.string("worker", maxBytes: 200),
            file: try fields.string("file", maxBytes: 4096),
            suite: try fields.string("suite", maxBytes: 4096),
            message: try fields.text("message", maxBytes: limits.maxMessageBytes),
            trace: try fields.text("trace", maxBytes: limits.maxTraceBytes),
            output: try fields.text("output", maxBytes: limits.maxOutputBytes),
            attributes: try fields.attributes("attributes")
        )
    }
}
