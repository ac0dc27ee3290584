/// Looks at each chunk of the body before libxml2 does:
///
/// - runs `PrologScanner` over it, so a DOCTYPE is refused before libxml2 has seen its
///   declarations, and an empty or non-XML body is named as such;
/// - passes it through `CDATASplitter`, so no CDATA section reaches libxml2's 10 MB limit.
///
/// Memory is constant: both are state machines fed chunk by chunk.
struct ChunkGuard {
    private var scanner = PrologScanner()
    private var scanning = true
    private var splitter = CDATASplitter(limit: 1 << 20)

    /// Appends what libxml2 may see of `chunk` to `output`, or returns why the body is refused
    /// (then nothing of the chunk is appended).
    mutating func pass(_ chunk: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) -> JUnitError? {
        if scanning, let rejection = check(scanner.feed(chunk)) { return rejection }
        splitter.process(chunk, into: &output)
        return nil
    }

    /// The body ended: refuses it when the prolog never let anything through (an empty body,
    /// whitespace only, not XML).
    mutating func finish() -> JUnitError? {
        scanning ? check(scanner.finish()) : nil
    }

    private mutating func check(_ outcome: PrologScanner.Outcome) -> JUnitError? {
        switch outcome {
        case .needMore:
            return nil
        case .done:
            scanning = false
            splitter.enabled = scanner.isByteTransparent
            return nil
        case let .rejected(error):
            scanning = false
            return error
        }
    }
}
