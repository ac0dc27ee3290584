/// Checks the bytes before the root element as they stream past, before libxml2 sees them:
/// an empty body, a body that is not XML, and any DTD that could declare entities.
///
/// An internal subset is where billion-laughs bombs and `SYSTEM` entities live. libxml2 runs
/// without `XML_PARSE_NOENT` (see `LibXML2PushParser`), so it substitutes no entity, but it still
/// expands declared ones to check them. JUnit never needs a DTD, so the scanner refuses
/// `<!DOCTYPE` with an internal subset or an external identifier;
/// a bare `<!DOCTYPE testsuites>` declares nothing and passes. Memory is constant: the scanner
/// is a state machine fed chunk by chunk.
///
/// Encodings are sniffed as XML 1.0 Appendix F describes: UTF-8 (with or without BOM) and every
/// ASCII-compatible encoding (ISO-8859-1, Windows-1252, …) read as 1-byte units; UTF-16 and
/// UTF-32 by BOM or by the `<?` pattern. Only the ASCII characters of the prolog matter here.
struct PrologScanner {
    enum Outcome: Equatable {
        case needMore
        /// The root element starts (or libxml2 will report what is wrong): stop scanning.
        case done
        case rejected(JUnitError)
    }

    private enum State {
        case sniffing, start, misc, afterLT, pi, comment, bang, doctype
    }

    private var state = State.sniffing
    private var head: [UInt8] = []
    private var width = 1
    private var bigEndian = false
    private var pending: [UInt8] = []
    /// The last two units, to find `?>` and `-->` without buffering.
    private var previous: (UInt32, UInt32) = (0, 0)
    /// What follows `<!`, up to `DOCTYPE`.
    private var recent: [UInt32] = []
    /// The XML declaration's text (`version="1.0" encoding="…"`), when the body starts with one.
    private var declaration: [UInt32]?
    private var atDocumentStart = true
    private var doctype: [UInt32] = []
    private var sawNonSpace = false

    /// The `encoding` of the XML declaration, if there was one.
    var declaredEncoding: String? {
        guard let text = declaration else { return nil }
        let chars = Array(String(String.UnicodeScalarView(text.compactMap(Unicode.Scalar.init))))
        let word = Array("encoding")
        guard let start = chars.indices.first(where: { chars[$0...].starts(with: word) }) else { return nil }
        let rest = chars[(start + word.count)...].drop { $0 == " " || $0 == "=" || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        return String(rest.dropFirst().prefix { $0 != quote })
    }

    /// True when every byte below 0x80 is an ASCII character, so bytes may be inserted between
    /// characters: 1-byte units and UTF-8 or a single-byte charset. Multi-byte legacy charsets
    /// (Shift_JIS, GBK, …) reuse ASCII bytes inside characters and are left alone.
    var isByteTransparent: Bool {
        guard width == 1 else { return false }
        guard let label = declaredEncoding?.lowercased() else { return true }  // XML default: UTF-8
        let singleByte = ["iso-8859-", "iso8859", "iso_8859", "windows-125", "cp125", "latin"]
        return ["utf-8", "utf8", "us-ascii", "ascii"].contains(label) || singleByte.contains { label.hasPrefix($0) }
    }

    /// Feeds the next bytes of the body.
    mutating func feed<C: Collection>(_ bytes: C) -> Outcome where C.Element == UInt8 {
        var input = bytes[...]
        if state == .sniffing {
            let take = min(4 - head.count, input.count)
            head.append(contentsOf: input.prefix(take))
            input = input.dropFirst(take)
            if head.count < 4 { return .needMore }
            if let outcome = sniff() { return outcome }
        }
        for byte in input {
            if width == 1 {
                let outcome = step(UInt32(byte))
                if outcome != .needMore { return refusingUTF32(outcome) }
                continue
            }
            pending.append(byte)
            guard pending.count == width else { continue }
            let unit = decodeUnit()
            pending.removeAll(keepingCapacity: true)
            let outcome = step(unit)
            if outcome != .needMore { return refusingUTF32(outcome) }
        }
        return .needMore
    }

    /// Called at the end of the body when `feed` never returned `.done` or `.rejected`.
    mutating func finish() -> Outcome {
        if state == .sniffing {
            if let outcome = sniff(), outcome != .needMore { return outcome }
        }
        switch state {
        case .sniffing, .start: return sawNonSpace ? .rejected(.notXML) : .rejected(.empty)
        default: return refusingUTF32(.done)  // an unfinished prolog: libxml2 reports it with line and column
        }
    }

    /// UTF-32 (UCS-4) bodies, and bodies whose declaration names it, are refused: no JUnit
    /// producer writes UTF-32, and they once took the server down (`Fuzz/` FuzzJUnit, 44 bytes:
    /// libxml2 crashed when the reader halted it from the error callback of a failed conversion,
    /// which `LibXML2PushParser` no longer does).
    private func refusingUTF32(_ outcome: Outcome) -> Outcome {
        guard outcome == .done else { return outcome }
        let label = (declaredEncoding ?? "").lowercased().filter { $0 != "-" && $0 != "_" }
        if width == 4 || label.contains("utf32") || label.contains("ucs4") {
            return .rejected(.unreadable(reason: "UTF-32 documents are not accepted; send UTF-8 or UTF-16"))
        }
        return outcome
    }

    /// Decides the code-unit width from the first four bytes and scans them.
    private mutating func sniff() -> Outcome? {
        let b = head + [0, 0, 0, 0]
        var skip = 0
        switch (b[0], b[1], b[2], b[3]) {
        case (0x00, 0x00, 0xFE, 0xFF): (width, bigEndian, skip) = (4, true, 4)
        case (0xFF, 0xFE, 0x00, 0x00) where head.count == 4: (width, bigEndian, skip) = (4, false, 4)
        case (0xEF, 0xBB, 0xBF, _): (width, bigEndian, skip) = (1, false, 3)
        case (0xFE, 0xFF, _, _): (width, bigEndian, skip) = (2, true, 2)
        case (0xFF, 0xFE, _, _): (width, bigEndian, skip) = (2, false, 2)
        case (0x00, 0x00, 0x00, 0x3C): (width, bigEndian) = (4, true)
        case (0x3C, 0x00, 0x00, 0x00) where head.count == 4: (width, bigEndian) = (4, false)
        case (0x00, 0x3C, 0x00, _): (width, bigEndian) = (2, true)
        case (0x3C, 0x00, _, 0x00) where head.count == 4: (width, bigEndian) = (2, false)
        case (0x4C, 0x6F, 0xA7, 0x94): return .rejected(.notXML)  // EBCDIC "<?xm"
        default: (width, bigEndian) = (1, false)
        }
        state = .start
        let rest = head.dropFirst(skip)
        head = []
        let outcome = feed(rest)
        return outcome == .needMore ? nil : outcome
    }

    private func decodeUnit() -> UInt32 {
        let units = bigEndian ? pending : pending.reversed()
        return units.reduce(0) { $0 << 8 | UInt32($1) }
    }

    private static let doctypeWord: [UInt32] = "DOCTYPE".unicodeScalars.map(\.value)

    private static func isSpace(_ u: UInt32) -> Bool { u == 0x20 || u == 0x09 || u == 0x0A || u == 0x0D }

    private static func isNameStart(_ u: UInt32) -> Bool {
        (u >= 0x41 && u <= 0x5A) || (u >= 0x61 && u <= 0x7A) || u == 0x5F || u == 0x3A || u >= 0x80
    }

    private mutating func step(_ u: UInt32) -> Outcome {
        switch state {
        case .sniffing:
            return .needMore
        case .start, .misc:
            if Self.isSpace(u) { return .needMore }
            sawNonSpace = true
            if u == 0x3C { state = .afterLT; return .needMore }
            atDocumentStart = false
            // The first character is not '<': not XML. Text after the prolog is libxml2's to report.
            return state == .start ? .rejected(.notXML) : .done
        case .afterLT:
            if u == 0x3F {  // <?
                state = .pi
                previous = (0, 0)
                if atDocumentStart { declaration = [] }
                atDocumentStart = false
                return .needMore
            }
            atDocumentStart = false
            if u == 0x21 { state = .bang; recent = []; return .needMore }  // <!
            return .done  // a root element, or something libxml2 will call malformed
        case .pi:
            if previous.1 == 0x3F, u == 0x3E {  // ?>
                state = .misc
                if declaration?.starts(with: [0x78, 0x6D, 0x6C]) != true { declaration = nil }  // not `<?xml …?>`
            } else if let count = declaration?.count, count < 512 {
                declaration?.append(u)
            }
            previous = (previous.1, u)
            return .needMore
        case .comment:
            if previous == (0x2D, 0x2D), u == 0x3E { state = .misc }  // -->
            previous = (previous.1, u)
            return .needMore
        case .bang:
            recent.append(u)
            if recent == [0x2D, 0x2D] { state = .comment; previous = (0, 0); return .needMore }  // <!--
            if recent == Self.doctypeWord { state = .doctype; doctype = []; return .needMore }
            if Self.doctypeWord.starts(with: recent) || recent == [0x2D] { return .needMore }
            return .done  // <![CDATA[ or junk in the prolog: malformed, libxml2 says where
        case .doctype:
            return stepDoctype(u)
        }
    }

    /// Accepts only `<!DOCTYPE name>`: a `[` opens an internal subset (entity declarations), and
    /// a second word is `SYSTEM`/`PUBLIC` (an external DTD).
    private mutating func stepDoctype(_ u: UInt32) -> Outcome {
        if u == 0x5B { return .rejected(.forbiddenDoctype) }  // [
        if u == 0x3E {  // >
            let words = doctype.split(whereSeparator: Self.isSpace)
            if words.count != 1 { return .rejected(.forbiddenDoctype) }
            state = .misc
            return .needMore
        }
        doctype.append(u)
        return doctype.count > 1024 ? .rejected(.forbiddenDoctype) : .needMore
    }
}
