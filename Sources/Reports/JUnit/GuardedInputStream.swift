import Foundation

/// The stream `XMLParser(stream:)` reads from: it passes the source through in the parser's
/// 128 KiB chunks and runs `PrologScanner` over each chunk *before* handing it on, so a DOCTYPE
/// is refused before libxml2 has seen its declarations.
///
/// swift-corelibs-foundation's `XMLParser.parseFrom(_:)` only calls `open()`, `read(_:maxLength:)`,
/// `close()` and `streamError`, and feeds each chunk to libxml2's push parser
/// (`xmlParseChunk`), so nothing of the document is buffered beyond one chunk.
final class GuardedInputStream: InputStream {
    private let source: InputStream
    private var scanner = PrologScanner()
    private var scanning = true
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
    override var hasBytesAvailable: Bool { rejection == nil && source.hasBytesAvailable }

    override func getBuffer(_ buffer: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>, length len: UnsafeMutablePointer<Int>) -> Bool {
        false
    }

    override func read(_ buffer: UnsafeMutablePointer<UInt8>, maxLength len: Int) -> Int {
        if rejection != nil { return -1 }
        let count = source.read(buffer, maxLength: len)
        if count > 0 {
            bytesRead += count
            if scanning { check(scanner.feed(UnsafeBufferPointer(start: buffer, count: count))) }
        } else if count == 0, scanning {
            check(scanner.finish())
        } else if count < 0 {
            rejection = .unreadable(reason: source.streamError.map { "\($0)" } ?? "read failed")
        }
        return rejection == nil ? count : -1
    }

    private func check(_ outcome: PrologScanner.Outcome) {
        switch outcome {
        case .needMore: break
        case .done: scanning = false
        case let .rejected(error):
            scanning = false
            rejection = error
        }
    }
}
