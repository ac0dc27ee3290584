/// What `LibXML2PushParser` reports while it reads a document, in document order.
protocol SAXEvents: AnyObject {
    /// An element starts. `name` is its local name (a namespace prefix is dropped); attribute
    /// names keep theirs (`xml:lang`). Values have their references resolved.
    func startElement(_ name: String, attributes: [String: String])
    func endElement()
    /// Character data or a piece of a CDATA section, as UTF-8 whatever the document's encoding.
    /// Long runs arrive in several pieces.
    func text(_ utf8: UnsafeBufferPointer<UInt8>)
    /// libxml2 found something wrong (or worth a warning) at `line`/`column`.
    func parseError(_ error: LibXMLError)
    /// True once the handler wants no further events: the parser then stops delivering them and
    /// pushes nothing more into libxml2.
    var isStopped: Bool { get }
}

/// One error or warning as libxml2 raised it: an `xmlParserErrors` code, its level, and where the
/// parser was (1-based line; column as libxml2 counts it).
struct LibXMLError: Equatable {
    enum Level {
        case warning, error, fatal
    }

    var code: Int
    var level: Level
    var line: Int
    var column: Int
}
