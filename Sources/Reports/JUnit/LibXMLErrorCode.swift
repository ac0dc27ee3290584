/// Words for libxml2's error codes (`xmlParserErrors` from its `xmlerror.h`), and which errors
/// leave a document acceptable. Our own words, not libxml2's messages: they are part of the API's
/// error bodies and should not change with the libxml2 version.
enum LibXMLErrorCode {
    /// Warnings: the document is still well-formed (expat, which the corpus expectations use,
    /// accepts these documents). Accepted by code, whatever level a libxml2 version raises them at.
    static let warnings: Set<Int> = [
        27,  // XML_WAR_UNDECLARED_ENTITY
        93,  // XML_WAR_CATALOG_PI
        97,  // XML_WAR_UNKNOWN_VERSION
        98,  // XML_WAR_LANG_VALUE
        99,  // XML_WAR_NS_URI
        100, // XML_WAR_NS_URI_RELATIVE
        102, // XML_WAR_SPACE_VALUE
        106, // XML_WAR_NS_COLUMN
        107, // XML_WAR_ENTITY_REDEFINED
    ]

    /// Refused even when libxml2 only warns: newer libxml2 (2.12+) warns about an unknown
    /// encoding and reads the body as UTF-8, which would store garbled text.
    static let refusedWarnings: Set<Int> = [
        31,  // XML_ERR_UNKNOWN_ENCODING
        32,  // XML_ERR_UNSUPPORTED_ENCODING
    ]

    /// Whether an error raised with `code` at `level` leaves the document acceptable. Warning
    /// level covers, for example, a processing instruction whose target starts with `xml`
    /// (`<?xml-coverage …?>`), which XML reserves but does not forbid.
    static func isWarning(_ code: Int, level: LibXMLError.Level) -> Bool {
        warnings.contains(code) || (level == .warning && !refusedWarnings.contains(code))
    }

    /// A short English reason for a code; unknown codes are named by number.
    static func reason(_ code: Int) -> String {
        if let text = reasons[code] { return text }
        if (6000..<7000).contains(code) { return "character encoding conversion failed (libxml2 error \(code))" }
        return "XML error (libxml2 error \(code))"
    }

    private static let reasons: [Int: String] = [
        1: "internal parser error (for example excessive nesting)",
        2: "parser out of memory",
        3: "document start expected",
        4: "document is empty",
        5: "extra content at the end of the document, or the document is truncated",
        6: "invalid hexadecimal character reference",
        7: "invalid decimal character reference",
        8: "invalid character reference",
        9: "invalid character (not allowed in XML, or bytes that are not valid in the declared encoding)",
        10: "character reference at end of input",
        14: "entity reference at end of input",
        22: "entity reference without a name",
        23: "entity reference missing ';'",
        26: "undeclared entity",
        31: "unknown encoding",
        32: "unsupported encoding",
        33: "attribute value must be quoted",
        34: "unclosed attribute value",
        38: "'<' not allowed in attribute value",
        39: "attribute value expected",
        40: "unclosed attribute",
        41: "attribute without value",
        42: "attribute given twice",
        43: "quoted literal expected",
        44: "unclosed literal",
        45: "comment not terminated",
        46: "processing instruction start expected",
        47: "processing instruction not terminated",
        56: "XML declaration start expected",
        57: "XML declaration not finished",
        61: "DOCTYPE not finished",
        62: "']]>' not allowed in content",
        63: "CDATA section not terminated",
        64: "XML declaration allowed only at the start of the document",
        65: "whitespace required",
        68: "name expected",
        72: "'<' expected",
        73: "'>' expected",
        74: "'</' expected (element not closed)",
        75: "'=' expected",
        76: "closing tag does not match the opening tag",
        77: "tag not finished",
        79: "invalid encoding name",
        80: "'--' not allowed in comment",
        81: "input is not valid in the declared encoding",
        85: "content is not well balanced",
        86: "extra content",
        89: "entity reference loop or amplification",
        96: "XML declaration without version",
        108: "unknown XML version",
        110: "name too long",
        200: "reserved 'xml' namespace misused",
        201: "namespace prefix is not declared",
        202: "invalid qualified name",
        203: "namespaced attribute given twice",
        204: "empty namespace name",
        205: "more than one ':' in a qualified name",
    ]
}
