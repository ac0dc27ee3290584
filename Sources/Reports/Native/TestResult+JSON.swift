extension TestResult {
    /// The native API's JSON object for this result (the shape `POST …/results` accepts).
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [("test", .string(test)), ("status", .string(status.rawValue)), ("attempt", .int(attempt))]
        if let durationMs { members.append(("duration_ms", .int(durationMs))) }
        if let startedAt { members.append(("started_at", .int(startedAt))) }
        for (key, value) in [("worker", worker), ("file", file), ("suite", suite), ("message", message), ("trace", trace), ("output", output)] {
            if let value { members.append((key, .string(value))) }
        }
        if !attributes.isEmpty {
            members.append(("attributes", .object(attributes.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })))
        }
        return .object(members)
    }

    /// Reads a result written by `json`, with the native API's validation.
    public init(json: JSONValue, limits: NativeLimits = NativeLimits()) throws(NativeReportError) {
        self = try NativeResultBatch.decodeResult(json, path: "result", limits: limits)
    }
}
