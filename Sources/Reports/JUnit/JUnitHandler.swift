/// The SAX side of `JUnitReader`: keeps a stack of what each open element means, fills a
/// `CaseBuilder` per open `<testcase>`, and hands finished results over in batches.
///
/// The first libxml2 error that is not a warning (see `LibXMLErrorCode.isWarning`) stops the
/// parse, as does an error thrown by `emit`; `JUnitReader` also treats a root element that never
/// closed as malformed, whatever libxml2 said.
final class JUnitHandler: SAXEvents {
    /// What an open element is to the reader.
    private enum Role {
        case suite
        case testcase
        case outcome(CaseBuilder.OutcomeKind)
        case retry(stored: Bool)
        case retryTrace
        case caseOutput
        case retryOutput
        case properties(ofCase: Bool)
        case property(ofCase: Bool, name: String, value: String?)
        case other
    }

    private let options: JUnitOptions
    private let emit: ([TestResult]) throws -> Void
    private var roles: [Role] = []
    private var suites: [SuiteContext] = []
    private var cases: [CaseBuilder] = []
    private var propertyText: BoundedText
    private var ledger = AttemptLedger()
    private var batch: [TestResult] = []
    private var batchBytes = 0

    private(set) var summary = JUnitSummary()
    /// The first reason the document was refused.
    private(set) var failure: JUnitError?
    /// An error thrown by `emit`; it stops the parse and is rethrown as is.
    private(set) var emitError: Error?
    private(set) var rootClosed = false

    init(options: JUnitOptions, emit: @escaping ([TestResult]) throws -> Void) {
        self.options = options
        self.emit = emit
        propertyText = BoundedText(limit: options.maxPropertyValueBytes)
    }

    /// Hands the results not yet emitted to `emit`.
    func flush() throws {
        guard !batch.isEmpty else { return }
        let full = batch
        batch.removeAll(keepingCapacity: true)
        batchBytes = 0
        try emit(full)
    }

    var isStopped: Bool { failure != nil || emitError != nil }

    // MARK: SAXEvents

    func startElement(_ name: String, attributes: [String: String]) {
        guard !isStopped else { return }
        guard roles.count < options.maxDepth else { return stop(.tooDeep(limit: options.maxDepth)) }
        // Namespaces are ignored (rule 2): `<j:testcase>` is a testcase; the parser drops the prefix.
        if roles.isEmpty { summary.root = name }
        roles.append(role(of: name, attributes: attributes))
    }

    private func role(of name: String, attributes: [String: String]) -> Role {
        if name == "testcase" {
            summary.testcases += 1
            cases.append(CaseBuilder(attributes: attributes, suite: suites.last, ordinal: summary.testcases, options: options))
            return .testcase
        }
        if name == "testsuite" {
            suites.append(SuiteContext(attributes: attributes, parent: suites.last))
            return .suite
        }
        switch roles.last {
        case .testcase?:
            let last = cases.count - 1
            switch name {
            case "failure": cases[last].begin(.failure, attributes: attributes); return .outcome(.failure)
            case "error": cases[last].begin(.error, attributes: attributes); return .outcome(.error)
            case "skipped", "ignored": cases[last].begin(.skipped, attributes: attributes); return .outcome(.skipped)
            case "system-out": cases[last].output.begin(.out); return .caseOutput
            case "system-err": cases[last].output.begin(.err); return .caseOutput
            case "properties": return .properties(ofCase: true)
            default:
                guard let kind = CaseBuilder.RetryKind(rawValue: name) else { return .other }
                return .retry(stored: cases[last].beginRetry(kind, attributes: attributes))
            }
        case .retry(stored: true)?:
            let last = cases.count - 1
            switch name {
            case "stackTrace": return .retryTrace
            case "system-out": cases[last].retries[cases[last].retries.count - 1].output.begin(.out); return .retryOutput
            case "system-err": cases[last].retries[cases[last].retries.count - 1].output.begin(.err); return .retryOutput
            default: return .other
            }
        case .suite? where name == "properties":
            return .properties(ofCase: false)
        case let .properties(ofCase)? where name == "property":
            propertyText = BoundedText(limit: options.maxPropertyValueBytes)
            let name = BoundedText.cut(attributes["name"] ?? "", limit: options.maxPropertyValueBytes).text
            return .property(ofCase: ofCase, name: name, value: attributes["value"])
        default:
            return .other
        }
    }

    func endElement() {
        guard !isStopped, let role = roles.popLast() else { return }
        switch role {
        case .testcase:
            finish(cases.removeLast())
        case .suite:
            suites.removeLast()
        case .caseOutput:
            cases[cases.count - 1].output.end()
        case .retryOutput:
            let last = cases.count - 1
            cases[last].retries[cases[last].retries.count - 1].output.end()
        case let .property(ofCase, name, value):
            let value = value ?? propertyText.text ?? ""
            if ofCase {
                cases[cases.count - 1].addProperty(name: name, value: value)
            } else {
                suites[suites.count - 1].addProperty(name: name, value: value, limit: options.maxProperties)
            }
        default:
            break
        }
        if roles.isEmpty { rootClosed = true }
    }

    func text(_ utf8: UnsafeBufferPointer<UInt8>) {
        switch roles.last {
        case let .outcome(kind)?: cases[cases.count - 1].appendBody(kind, utf8)
        case .retry(stored: true)?: withLastRetry { $0.body.append(bytes: utf8) }
        case .retryTrace?: withLastRetry { $0.stackTrace.append(bytes: utf8) }
        case .caseOutput?: cases[cases.count - 1].output.append(bytes: utf8)
        case .retryOutput?: withLastRetry { $0.output.append(bytes: utf8) }
        case .property?: propertyText.append(bytes: utf8)
        default: break
        }
    }

    func parseError(_ error: LibXMLError) {
        if LibXMLErrorCode.isWarning(error.code, level: error.level) { return }
        stop(.malformed(line: error.line, column: error.column, reason: LibXMLErrorCode.reason(error.code)))
    }

    // MARK: Cases

    private func withLastRetry(_ body: (inout CaseBuilder.Retry) -> Void) {
        let last = cases.count - 1
        body(&cases[last].retries[cases[last].retries.count - 1])
    }

    private func finish(_ testcase: CaseBuilder) {
        let status = testcase.status
        summary.counts[status, default: 0] += 1
        if status == .passed && testcase.retryCount > 0 { summary.flakyCases += 1 }
        summary.failedAttempts += testcase.retryCount + (status.isFailure ? 1 : 0)
        summary.droppedRetries += testcase.droppedRetries
        if let seconds = testcase.seconds {
            summary.casesWithTime += 1
            summary.totalSeconds += seconds
        }
        if testcase.isTruncated { summary.truncatedCases += 1 }

        let key = testcase.key
        let earlier = ledger.record(key, count: testcase.retries.count + 1)
        let results = testcase.results(key: key, firstAttempt: earlier + 1)
        summary.results += results.count
        summary.tests = ledger.tests
        for result in results {
            batch.append(result)
            batchBytes += result.test.utf8.count + (result.message?.utf8.count ?? 0)
                + (result.trace?.utf8.count ?? 0) + (result.output?.utf8.count ?? 0)
            guard batch.count >= options.batchSize || batchBytes >= options.maxBatchBytes else { continue }
            do {
                try flush()
            } catch {
                emitError = error
                return
            }
        }
    }

    private func stop(_ error: JUnitError) {
        if failure == nil && emitError == nil { failure = error }
    }
}
