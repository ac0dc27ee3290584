/// Reads a JUnit/xUnit XML report into `TestResult` values, streaming.
///
/// The body is read 128 KiB at a time, checked by `ChunkGuard` and pushed into libxml2's SAX push
/// parser (`LibXML2PushParser`); no tree of the document is built. Results are handed to `emit`
/// in batches as their `<testcase>` closes, so memory is bounded by `JUnitOptions` (batch, text
/// limits, nesting depth) plus 30–55 bytes per distinct test key (see `AttemptLedger`).
///
/// All-or-nothing is the caller's part: batches are emitted before the end of the document is
/// known to be well-formed, so a caller that stores them must do so in one transaction and roll
/// it back when `read` throws.
///
/// The mapping of elements to fields is documented in `docs/junit.md`.
public struct JUnitReader: Sendable {
    public var options: JUnitOptions

    /// Bytes read from the source, and pushed into libxml2, at a time.
    static let chunkSize = 128 << 10

    public init(options: JUnitOptions = .init()) {
        self.options = options
    }

    /// Parses the report read from `source`, calling `emit` with batches of results in document order.
    ///
    /// - Throws: `JUnitError` when the body is refused (`.unreadable` when `source` threw), or
    ///   whatever `emit` threw (which stops the parse at once).
    /// - Returns: what the report held, counted per `<testcase>` element.
    public func read(from source: some ByteSource, emit: ([TestResult]) throws -> Void) throws -> JUnitSummary {
        try withoutActuallyEscaping(emit) { emit in
            let handler = JUnitHandler(options: options, emit: emit)
            let parser = LibXML2PushParser(handler: handler)
            var guarded = ChunkGuard()
            var chunk = [UInt8](repeating: 0, count: Self.chunkSize)
            var output: [UInt8] = []
            var bytesRead = 0
            while !handler.isStopped {
                let count: Int
                do {
                    count = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
                } catch {
                    throw JUnitError.unreadable(reason: "\(error) after \(bytesRead) bytes")
                }
                if count == 0 {
                    if let rejection = guarded.finish() { throw rejection }
                    parser.finish()
                    break
                }
                bytesRead += count
                output.removeAll(keepingCapacity: true)
                let rejection = chunk.withUnsafeBufferPointer { chunk in
                    guarded.pass(UnsafeBufferPointer(rebasing: chunk[..<count]), into: &output)
                }
                if let rejection { throw rejection }
                output.withUnsafeBufferPointer { parser.push($0) }
            }
            if let error = handler.emitError { throw error }
            if let failure = handler.failure { throw failure }
            guard handler.rootClosed else {
                let (line, column) = parser.position
                throw JUnitError.malformed(line: line, column: column, reason: "the document ends before its root element is closed")
            }
            try handler.flush()
            return handler.summary
        }
    }

    /// Parses a report held in memory, calling `emit` with batches of results.
    public func read(bytes: [UInt8], emit: ([TestResult]) throws -> Void) throws -> JUnitSummary {
        try read(from: ByteArraySource(bytes), emit: emit)
    }

    /// Parses a report held in memory and returns all its results at once; for small bodies and tests.
    public func read(bytes: [UInt8]) throws -> (results: [TestResult], summary: JUnitSummary) {
        var results: [TestResult] = []
        let summary = try read(bytes: bytes) { results.append(contentsOf: $0) }
        return (results, summary)
    }
}
