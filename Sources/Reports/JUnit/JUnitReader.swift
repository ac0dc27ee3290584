import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads a JUnit/xUnit XML report into `TestResult` values, streaming.
///
/// The body is parsed by libxml2's SAX push parser through `FoundationXML.XMLParser(stream:)`,
/// 128 KiB at a time; no tree of the document is built. Results are handed to `emit` in batches
/// as their `<testcase>` closes, so memory is bounded by `JUnitOptions` (batch, text limits,
/// nesting depth) plus 30–55 bytes per distinct test key (see `AttemptLedger`).
///
/// All-or-nothing is the caller's part: batches are emitted before the end of the document is
/// known to be well-formed, so a caller that stores them must do so in one transaction and roll
/// it back when `read` throws.
///
/// The mapping of elements to fields is documented in `docs/junit.md`.
public struct JUnitReader: Sendable {
    public var options: JUnitOptions

    public init(options: JUnitOptions = .init()) {
        self.options = options
    }

    /// Parses the report in `stream`, calling `emit` with batches of results in document order.
    ///
    /// - Throws: `JUnitError` when the body is refused, or whatever `emit` threw (which stops the
    ///   parse at once).
    /// - Returns: what the report held, counted per `<testcase>` element.
    public func read(from stream: InputStream, emit: ([TestResult]) throws -> Void) throws -> JUnitSummary {
        try withoutActuallyEscaping(emit) { emit in
            let guarded = GuardedInputStream(source: stream)
            let parser = XMLParser(stream: guarded)
            // Defense in depth: the prolog scanner already refuses DTDs that could declare entities.
            parser.shouldResolveExternalEntities = false
            parser.externalEntityResolvingPolicy = .never
            parser.shouldProcessNamespaces = false
            let handler = JUnitHandler(options: options, emit: emit)
            parser.delegate = handler
            // The Bool is not trusted: libxml2 runs in recover mode (see JUnitHandler).
            _ = parser.parse()
            if let rejection = guarded.rejection { throw rejection }
            if let error = handler.emitError { throw error }
            if let failure = handler.failure { throw failure }
            guard handler.rootClosed else {
                throw JUnitError.malformed(line: max(1, parser.lineNumber), column: max(1, parser.columnNumber),
                                           reason: "the document ends before its root element is closed")
            }
            try handler.flush()
            return handler.summary
        }
    }

    /// Parses a report held in memory, calling `emit` with batches of results.
    public func read(data: Data, emit: ([TestResult]) throws -> Void) throws -> JUnitSummary {
        try read(from: InputStream(data: data), emit: emit)
    }

    /// Parses a report held in memory and returns all its results at once; for small bodies and tests.
    public func read(data: Data) throws -> (results: [TestResult], summary: JUnitSummary) {
        var results: [TestResult] = []
        let summary = try read(data: data) { results.append(contentsOf: $0) }
        return (results, summary)
    }
}
