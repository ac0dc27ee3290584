import CLibXML2

/// Drives libxml2's SAX push parser (`xmlCreatePushParserCtxt`, `xmlParseChunk`) over the pieces
/// of one document and reports to a `SAXEvents` handler. The only file in Reports that calls
/// libxml2; no tree is built.
///
/// Options, chosen on purpose:
/// - never `XML_PARSE_NOENT`: no entity is ever substituted. (`PrologScanner` has already refused
///   any DTD that could declare one; predefined entities and character references still resolve.)
/// - `XML_PARSE_NONET` and no `XML_PARSE_DTDLOAD`/`DTDATTR`/`DTDVALID`: nothing outside the
///   upload is read.
/// - no `XML_PARSE_RECOVER`: the handler stops at the first error anyway, and without recovery
///   libxml2 also turns SAX off after a fatal error, so no event can follow one.
/// - no `XML_PARSE_HUGE`: its limits (10 MB per text node or attribute value, names of 50,000
///   bytes, depth 256) bound what libxml2 buffers. `CDATASplitter` keeps CDATA sections under them.
///
/// Errors go to a structured handler installed on the context (`serror`) and, for errors libxml2
/// raises outside any context (character conversion), on the calling thread while a call into
/// libxml2 runs; the generic handler is silenced. Nothing is ever printed to stderr.
///
/// Once the handler has stopped (an error, or `emit` threw), the rest of the current chunk is
/// parsed with every event ignored and no further chunk is pushed. `xmlStopParser` is never
/// called: from inside libxml2's callbacks it frees the input buffer under the caller's feet
/// (halting from the error raised by a failed Shift_JIS conversion crashed libxml2 2.9.14).
final class LibXML2PushParser {
    private let handler: any SAXEvents
    private var context: xmlParserCtxtPtr?
    /// The first bytes, held back until there are four: libxml2 detects the encoding from them
    /// when the context is created.
    private var head: [UInt8] = []

    init(handler: any SAXEvents) {
        _ = libxml2Initialized
        self.handler = handler
    }

    deinit {
        clibxml2_free_push_context(context)
    }

    /// Where libxml2 is in the document: 1-based line, and column. (1, 1) before it started.
    var position: (line: Int, column: Int) {
        guard let context else { return (1, 1) }
        return (max(1, Int(xmlSAX2GetLineNumber(context))), max(1, Int(xmlSAX2GetColumnNumber(context))))
    }

    /// Parses the next piece of the document. Does nothing once the handler stopped.
    func push(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard !handler.isStopped, !bytes.isEmpty else { return }
        var rest = bytes[...]
        if context == nil {
            let take = min(4 - head.count, rest.count)
            head += rest.prefix(take)
            rest = rest.dropFirst(take)
            if head.count < 4 { return }
            createContext()
        }
        guard !handler.isStopped, !rest.isEmpty else { return }
        parseChunk(UnsafeBufferPointer(rebasing: rest), terminate: false)
    }

    /// Tells libxml2 the document ended, so it reports whatever is still open or missing.
    func finish() {
        if context == nil { createContext() }
        guard !handler.isStopped else { return }
        parseChunk(UnsafeBufferPointer(start: nil, count: 0), terminate: true)
    }

    // MARK: libxml2 calls

    private static let options = Int32(XML_PARSE_NONET.rawValue)

    private func createContext() {
        var sax = Self.makeSAXHandler()  // libxml2 copies it into the context
        let created = withErrorsRouted {
            head.withUnsafeBufferPointer { head in
                head.withMemoryRebound(to: CChar.self) { chars in
                    xmlCreatePushParserCtxt(&sax, Unmanaged.passUnretained(self).toOpaque(),
                                            chars.baseAddress, Int32(chars.count), nil)
                }
            }
        }
        guard let created else {
            handler.parseError(LibXMLError(code: Int(XML_ERR_NO_MEMORY.rawValue), level: .fatal, line: 1, column: 1))
            return
        }
        context = created
        _ = withErrorsRouted { xmlCtxtUseOptions(created, Self.options) }
    }

    private func parseChunk(_ bytes: UnsafeBufferPointer<UInt8>, terminate: Bool) {
        guard let context else { return }
        let result = withErrorsRouted {
            bytes.withMemoryRebound(to: CChar.self) { chars in
                xmlParseChunk(context, chars.baseAddress, Int32(chars.count), terminate ? 1 : 0)
            }
        }
        // Some failures only show in the result: an encoder error (libxml2 halts without raising
        // anything) or -1 when its input buffer refused the bytes (a conversion failure).
        if result != 0 && !handler.isStopped {
            let code = result > 0 ? Int(result) : Int(XML_ERR_INVALID_ENCODING.rawValue)
            let (line, column) = position
            handler.parseError(LibXMLError(code: code, level: .fatal, line: line, column: column))
        }
    }

    /// Runs `body` with this parser as the calling thread's structured error handler (libxml2
    /// keeps error handlers per thread), putting the previous one back afterwards.
    private func withErrorsRouted<T>(_ body: () -> T) -> T {
        let previous = clibxml2_current_structured_handler()
        clibxml2_silence_generic_errors()
        xmlSetStructuredErrorFunc(Unmanaged.passUnretained(self).toOpaque(), Self.structuredError)
        defer { xmlSetStructuredErrorFunc(previous.context, previous.handler) }
        return body()
    }

    // MARK: SAX callbacks (C function pointers: no captures, the parser comes back as user data)

    private static func parser(_ userData: UnsafeMutableRawPointer?) -> LibXML2PushParser {
        Unmanaged<LibXML2PushParser>.fromOpaque(userData!).takeUnretainedValue()
    }

    private static let structuredError: xmlStructuredErrorFunc = { userData, error in
        guard let userData, let error else { return }
        let parser = LibXML2PushParser.parser(userData)
        let level: LibXMLError.Level = switch error.pointee.level {
        case XML_ERR_WARNING: .warning
        case XML_ERR_ERROR: .error
        default: .fatal
        }
        let (line, column) = parser.position
        parser.handler.parseError(LibXMLError(code: Int(error.pointee.code), level: level, line: line, column: column))
    }

    private static func makeSAXHandler() -> xmlSAXHandler {
        var sax = xmlSAXHandler()
        sax.initialized = XML_SAX2_MAGIC  // SAX2: startElementNs/endElementNs, and serror is used
        sax.startElementNs = { userData, localName, _, _, _, _, attributeCount, _, attributes in
            guard let localName else { return }
            let parser = LibXML2PushParser.parser(userData)
            guard !parser.handler.isStopped else { return }
            let attributes = LibXML2PushParser.attributeDictionary(attributes, count: Int(attributeCount))
            parser.handler.startElement(String(cString: localName), attributes: attributes)
        }
        sax.endElementNs = { userData, _, _, _ in
            let parser = LibXML2PushParser.parser(userData)
            guard !parser.handler.isStopped else { return }
            parser.handler.endElement()
        }
        let text: charactersSAXFunc = { userData, bytes, count in
            guard let bytes, count > 0 else { return }
            let parser = LibXML2PushParser.parser(userData)
            guard !parser.handler.isStopped else { return }
            parser.handler.text(UnsafeBufferPointer(start: bytes, count: Int(count)))
        }
        sax.characters = text
        // Whitespace is text like any other (a failure body's indentation is part of it).
        sax.ignorableWhitespace = text
        sax.cdataBlock = text
        sax.serror = LibXML2PushParser.structuredError
        return sax
    }

    /// The attributes of `startElementNs`: `count` groups of five pointers (local name, prefix,
    /// URI, value start, value end).
    private static func attributeDictionary(_ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?,
                                            count: Int) -> [String: String] {
        guard let attributes, count > 0 else { return [:] }
        var dictionary = [String: String](minimumCapacity: count)
        for index in 0..<count {
            let group = attributes + index * 5
            guard let localName = group[0], let start = group[3], let end = group[4] else { continue }
            var name = String(cString: localName)
            if let prefix = group[1], prefix.pointee != 0 { name = String(cString: prefix) + ":" + name }
            dictionary[name] = attributeValue(UnsafeBufferPointer(start: start, count: end - start))
        }
        return dictionary
    }

    /// Without `XML_PARSE_NOENT` libxml2 hands a `&` of an attribute value (written `&amp;` or
    /// `&#38;`) over as the five bytes `&#38;`, so a tree builder could tell it from an entity
    /// reference. No other `&` can be left in a value, so each `&#38;` is one `&`.
    static func attributeValue(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let ampersand = UInt8(ascii: "&")
        guard bytes.contains(ampersand) else { return String(decoding: bytes, as: UTF8.self) }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == ampersand, index + 4 < bytes.count, bytes[index + 1] == UInt8(ascii: "#"),
               bytes[index + 2] == UInt8(ascii: "3"), bytes[index + 3] == UInt8(ascii: "8"),
               bytes[index + 4] == UInt8(ascii: ";") {
                decoded.append(ampersand)
                index += 5
            } else {
                decoded.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: decoded, as: UTF8.self)
    }
}

/// libxml2 must be initialised once, before threads use it (its per-thread state and tables).
private let libxml2Initialized: Void = xmlInitParser()
