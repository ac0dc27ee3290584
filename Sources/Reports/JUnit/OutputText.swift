/// A result's output: the `<system-out>` and `<system-err>` texts in document order, cut at one
/// shared limit. A header line (`--- system-err ---`) starts every section except a leading
/// `<system-out>` one, and marks each switch between the two streams.
struct OutputText {
    enum Stream: String {
        case out = "system-out"
        case err = "system-err"
    }

    private var text: BoundedText
    private var lastStream: Stream?
    private var openStream: Stream?
    private var sectionHasText = false

    init(limit: Int) { text = BoundedText(limit: limit) }

    var value: String? { text.text }
    var isTruncated: Bool { text.isTruncated }

    /// A `<system-out>` or `<system-err>` element starts.
    mutating func begin(_ stream: Stream) {
        openStream = stream
        sectionHasText = false
    }

    mutating func append(_ piece: String) {
        guard let stream = openStream, !piece.isEmpty else { return }
        startSectionIfNeeded(stream)
        text.append(piece)
    }

    mutating func append<C: Collection>(bytes piece: C) where C.Element == UInt8 {
        guard let stream = openStream, !piece.isEmpty else { return }
        startSectionIfNeeded(stream)
        text.append(bytes: piece)
    }

    mutating func end() { openStream = nil }

    private mutating func startSectionIfNeeded(_ stream: Stream) {
        if sectionHasText { return }
        sectionHasText = true
        switch lastStream {
        case nil where stream == .err: text.append("--- \(stream.rawValue) ---\n")
        case let last? where last != stream: text.append("\n--- \(stream.rawValue) ---\n")
        default: break
        }
        lastStream = stream
    }
}
