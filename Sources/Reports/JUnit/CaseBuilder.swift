/// One open `<testcase>` being read: its attributes, the outcome children seen so far, its
/// retry elements and its output. Every text it holds is bounded by `JUnitOptions`.
struct CaseBuilder {
    /// `<failure>`, `<error>` and `<skipped>`/`<ignored>` direct children of the case.
    enum OutcomeKind {
        case failure, error, skipped
    }

    /// The first outcome element of a kind; bodies of further ones of that kind are appended.
    struct Outcome {
        var message: String?
        var type: String?
        var body: BoundedText
    }

    /// Surefire/nextest retry elements, each one earlier or later attempt of the test.
    enum RetryKind: String, CaseIterable {
        case flakyFailure, flakyError, rerunFailure, rerunError

        var status: Status { self == .flakyFailure || self == .rerunFailure ? .failed : .error }
        var isFlaky: Bool { self == .flakyFailure || self == .flakyError }
    }

    struct Retry {
        let kind: RetryKind
        let attributes: [String: String]
        var body: BoundedText
        var stackTrace: BoundedText
        var output: OutputText
    }

    /// The values of the `<testcase>` attributes.
    let attributes: [String: String]
    /// The nearest enclosing suite, if any.
    let suite: SuiteContext?
    /// 1-based position of this `<testcase>` among all of the upload's, in document order.
    let ordinal: Int
    let options: JUnitOptions

    var properties: [(name: String, value: String)] = []
    var failure: Outcome?
    var error: Outcome?
    var skipped: Outcome?
    var retries: [Retry] = []
    var droppedRetries = 0
    var output: OutputText

    init(attributes: [String: String], suite: SuiteContext?, ordinal: Int, options: JUnitOptions) {
        self.attributes = attributes
        self.suite = suite
        self.ordinal = ordinal
        seconds = JUnitTime.seconds(attributes["time"])
        self.options = options
        output = OutputText(limit: options.maxOutputBytes)
    }

    /// googletest writes `status="notrun"`, tst `status="disabled"`; `result="skipped"` too.
    private static let skipWords: Set<String> = ["notrun", "disabled", "skipped", "ignored", "suppressed"]

    /// The case's own status, corpus rule 4: the first of `<failure>`, `<error>`,
    /// `<skipped>`/`<ignored>`, a skip word in `status`/`result`, else passed.
    var status: Status {
        if failure != nil { return .failed }
        if error != nil { return .error }
        if skipped != nil { return .skipped }
        for attribute in ["status", "result"] {
            if let word = attributes[attribute]?.trimmingWhitespace().lowercased(), Self.skipWords.contains(word) {
                return .skipped
            }
        }
        return .passed
    }

    /// Retry elements written for the case, stored or not.
    var retryCount: Int { retries.count + droppedRetries }

    /// The case's `time` in seconds (rule 6), parsed once.
    let seconds: Double?

    /// The test key of this case (see `TestKey.junit`).
    var key: String {
        let classname = attributes["classname"].flatMap { $0.isEmpty ? nil : $0 } ?? attributes["class"]
        return TestKey.junit(classname: classname, name: attributes["name"], file: file, suite: suite?.path)
    }

    /// The case's `file`, else its suite's.
    var file: String? { attributes["file"] ?? suite?.file }

    mutating func begin(_ kind: OutcomeKind, attributes: [String: String]) {
        func start(_ outcome: inout Outcome?) {
            if outcome == nil {
                outcome = Outcome(message: attributes["message"], type: attributes["type"],
                                  body: BoundedText(limit: options.maxTraceBytes))
            } else if !(outcome?.body.isEmpty ?? true) {
                outcome?.body.append("\n")
            }
        }
        switch kind {
        case .failure: start(&failure)
        case .error: start(&error)
        case .skipped: start(&skipped)
        }
    }

    /// Text (UTF-8) of the outcome element of `kind`.
    mutating func appendBody(_ kind: OutcomeKind, _ utf8: UnsafeBufferPointer<UInt8>) {
        switch kind {
        case .failure: failure?.body.append(bytes: utf8)
        case .error: error?.body.append(bytes: utf8)
        case .skipped: skipped?.body.append(bytes: utf8)
        }
    }

    /// Starts a retry element; returns false when it is over the limit and is only counted.
    mutating func beginRetry(_ kind: RetryKind, attributes: [String: String]) -> Bool {
        guard retries.count < options.maxRetriesPerCase else {
            droppedRetries += 1
            return false
        }
        retries.append(Retry(kind: kind, attributes: attributes, body: BoundedText(limit: options.maxTraceBytes),
                             stackTrace: BoundedText(limit: options.maxTraceBytes),
                             output: OutputText(limit: options.maxOutputBytes)))
        return true
    }

    mutating func addProperty(name: String, value: String) {
        if properties.count < options.maxProperties { properties.append((name, value)) }
    }
}
