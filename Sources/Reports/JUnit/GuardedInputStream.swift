import Foundation

/// The stream `XMLParser(stream:)` reads from. It reads the source in the parser's chunk size and,
/// before handing a chunk on:
///
/// - runs `PrologScanner` over it, so a DOCTYPE is refused before libxml2 has seen its
///   declarations, and an empty or non-XML body is named as such;
/// - passes it through `CDATASplitter`, so no CDATA section reaches libxml2's 10 MB limit.
///
/// swift-corelibs-foundation's `XMLParser.parseFrom(_:)` only calls `open()`, `read(_:maxLength:)`,
/// `close()` and `streamError`, and feeds each chunk to libxml2's push parser (`xmlParseChunk`),
/// so nothing of the document is held beyond a chunk or two.
final class GuardedInputStream: InputStream {
    private let source: InputStream
    private var scanner = PrologScanner()
    private var scanning = true
    private var splitter = CDATASplitter(limit: 1 << 20)
    private var scratch: [UInt8] = []
    private var output: [UInt8] = []
    private var outputOffset = 0
    /// Why the stream stopped the parse, when it did.
    private(set) var rejection: JUnitError?
    /// Bytes read from the source so far.
    private(set) var bytesRead = 0

    init(source: InputStream) {
        self.source = source
        super.init(data: Data())
    }

    override func open() { source.open() }
    override func close() { source.close() }
    override var streamStatus: Stream.Status { source.streamStatus }
    /// Not forwarded: corelibs' `InputStream.streamError` traps when the stream has no error, and
    /// `XMLParser` asks for it whenever a read returns -1, which this stream does on purpose.
    override var streamError: Error? { nil }
    override var hasBytesAvailable: Bool { rejection == nil && (outputOffset < output.count || source.hasBytesAvailable) }

    override func getBuffer(_ buffer: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>, length len: UnsafeMutablePointer<Int>) -> Bool {
        false
    }

    override func read(_ buffer: UnsafeMutablePointer<UInt8>, maxLength len: Int) -> Int {
        while rejection == nil && outputOffset == output.count {
            output.removeAll(keepingCapacity: true)
            outputOffset = 0
            if scratch.count < len { scratch = Array(repeating: 0, count: max(len, 4096)) }
            let count = scratch.withUnsafeMutableBufferPointer { source.read($0.baseAddress!, maxLength: len) }
            if count < 0 {
                rejection = .unreadable(reason: "the source stream failed after \(bytesRead) bytes")
            } else if count == 0 {
                if scanning { check(scanner.finish()) }
                return rejection == nil ? 0 : -1
            } else {
                bytesRead += count
                scratch.withUnsafeBufferPointer { chunk in
                    let bytes = UnsafeBufferPointer(rebasing: chunk[..<count])
                    if scanning { check(scanner.feed(bytes)) }
                    if rejection == nil { splitter.process(bytes, into: &output) }
                }
            }
        }
        if rejection != nil { return -1 }
        let count = min(len, output.count - outputOffset)
        output.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress! + outputOffset, count: count) }
        outputOffset += count
        return count
    }

    private func check(_ outcome: PrologScanner.Outcome) {
        switch outcome {
        case .needMore: break
        case .done:
            scanning = false
            splitter.enabled = scanner.isByteTransparent
        case let .rejected(error):
            scanning = false
            rejection = error
        }
    }
}
