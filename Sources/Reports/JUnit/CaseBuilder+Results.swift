/// Turning a finished `<testcase>` into the attempts Verdict stores.
extension CaseBuilder {
    /// The attempts of this case, numbered from `firstAttempt`, in the order they ran:
    ///
    /// - `flakyFailure`/`flakyError` are earlier failed runs of the test (Surefire
    ///   `rerunFailingTestsCount`, nextest retries): they come before the case's own result.
    /// - `rerunFailure`/`rerunError` are reruns after the case's own failure, so on a failed or
    ///   errored case they come after it. On a passing or skipped case (which Surefire does not
    ///   write) they are taken as earlier attempts too, so the case's own result stays last.
    func results(key: String, firstAttempt: Int) -> [TestResult] {
        let own = ownResult(key: key)
        let ownFails = own.status.isFailure
        let before = retries.filter { $0.kind.isFlaky || !ownFails }
        let after = ownFails ? retries.filter { !$0.kind.isFlaky } : []
        var results = before.map { retryResult($0, key: key) } + [own] + after.map { retryResult($0, key: key) }
        for index in results.indices { results[index].attempt = firstAttempt + index }
        return results
    }

    /// Whether any text of the case was cut to its limit.
    var isTruncated: Bool {
        output.isTruncated || [failure, error, skipped].contains { $0?.body.isTruncated == true }
            || retries.contains { $0.body.isTruncated || $0.stackTrace.isTruncated || $0.output.isTruncated }
            || [failure, error, skipped].contains { ($0?.message?.utf8.count ?? 0) > options.maxMessageBytes }
    }

    private func ownResult(key: String) -> TestResult {
        let status = self.status
        let outcome: Outcome? = switch status {
        case .failed: failure
        case .error: error
        case .skipped: skipped
        case .passed: nil
        }
        var attributes = commonAttributes()
        attributes["junit.attempt_kind"] = "testcase"
        attributes["junit.name"] = self.attributes["name"] ?? ""
        attributes["junit.classname"] = self.attributes["classname"]
        attributes["junit.line"] = self.attributes["line"]
        attributes["junit.status"] = self.attributes["status"]
        attributes["junit.result"] = self.attributes["result"]
        attributes["junit.type"] = outcome?.type
        let ownTimestamp = self.attributes["timestamp"]
        attributes["junit.timestamp"] = ownTimestamp ?? suite?.timestamp
        let startedAt = ownTimestamp.map(JUnitTimestamp.milliseconds) ?? suite?.startedAt
        let durationMs = JUnitTime.milliseconds(seconds: seconds)
        if durationMs == nil { attributes["junit.time"] = self.attributes["time"] }
        return TestResult(
            test: key, status: status, durationMs: durationMs,
            startedAt: startedAt, worker: options.worker,
            file: file.map(cutMessage), suite: suitePath.map(cutMessage),
            message: outcome?.message.map(cutMessage), trace: outcome?.body.text,
            output: output.value, attributes: bounded(attributes))
    }

    private func retryResult(_ retry: Retry, key: String) -> TestResult {
        var attributes = commonAttributes()
        attributes["junit.attempt_kind"] = retry.kind.rawValue
        attributes["junit.type"] = retry.attributes["type"]
        attributes["junit.timestamp"] = retry.attributes["timestamp"]
        let seconds = JUnitTime.seconds(retry.attributes["time"])
        // Surefire nests the trace in <stackTrace>; quick-junit may also write a description as text.
        let trace = [retry.body.text, retry.stackTrace.text]
            .compactMap { $0?.trimmingWhitespace() }.filter { !$0.isEmpty }.joined(separator: "\n")
        return TestResult(
            test: key, status: retry.kind.status, durationMs: JUnitTime.milliseconds(seconds: seconds),
            startedAt: JUnitTimestamp.milliseconds(retry.attributes["timestamp"]), worker: options.worker,
            file: file.map(cutMessage), suite: suitePath.map(cutMessage),
            message: retry.attributes["message"].map(cutMessage), trace: trace.isEmpty ? nil : trace,
            output: retry.output.value, attributes: bounded(attributes))
    }

    private var suitePath: String? {
        guard let path = suite?.path, !path.isEmpty else { return nil }
        return path
    }

    /// Properties (the case's own first, then the suites' from the innermost out), then hostname.
    private func commonAttributes() -> [String: String] {
        // Sized up front: a result carries about ten attributes, and growing rehashes each time.
        var attributes = [String: String](minimumCapacity: 12 + min(options.maxProperties, properties.count + (suite?.properties.count ?? 0)))
        for property in properties + (suite?.properties ?? []) where attributes.count < options.maxProperties {
            if attributes[property.name] == nil {
                attributes[property.name] = BoundedText.cut(property.value, limit: options.maxPropertyValueBytes).text
            }
        }
        attributes["junit.hostname"] = self.attributes["hostname"] ?? suite?.hostname
        attributes["junit.case"] = String(ordinal)
        return attributes
    }

    private func cutMessage(_ message: String) -> String {
        BoundedText.cut(message, limit: options.maxMessageBytes).text
    }

    /// Attribute values copied from the XML (names, types, hostnames) cut like messages: libxml2
    /// lets an attribute value reach 10 MB.
    private func bounded(_ attributes: [String: String]) -> [String: String] {
        var attributes = attributes
        for (name, value) in attributes where value.utf8.count > options.maxMessageBytes {
            attributes[name] = cutMessage(value)
        }
        return attributes
    }
}
