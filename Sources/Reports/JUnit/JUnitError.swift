/// Why a JUnit upload was refused. Closed, with the facts, so the app maps each case to a status
/// in one place: `.notXML` → 415, everything else → 400.
public enum JUnitError: Error, Sendable, Equatable {
    /// The XML is not well-formed (or is truncated). Line and column are 1-based, as libxml2
    /// reports them at the point where it gave up.
    case malformed(line: Int, column: Int, reason: String)
    /// The body is empty, or only whitespace and a byte-order mark.
    case empty
    /// The body does not start like XML: after an optional BOM and whitespace the first character
    /// is not `<`, or its encoding is one we do not sniff (EBCDIC).
    case notXML
    /// The prolog has a `<!DOCTYPE` with an internal subset (`[...]`, where entities are declared)
    /// or an external identifier (`SYSTEM`/`PUBLIC`). JUnit never needs a DTD; rejecting it before
    /// the parser sees it rules out XXE and entity-expansion bombs.
    case forbiddenDoctype
    /// Elements nest deeper than `JUnitOptions.maxDepth`.
    case tooDeep(limit: Int)
    /// The input stream failed while being read.
    case unreadable(reason: String)
}

extension JUnitError: CustomStringConvertible {
    /// A message fit for the `message` of the API's error body.
    public var description: String {
        switch self {
        case let .malformed(line, column, reason): return "line \(line), column \(column): \(reason)"
        case .empty: return "the JUnit XML body is empty"
        case .notXML: return "the body is not XML"
        case .forbiddenDoctype: return "DOCTYPE declarations with entities or external DTDs are not accepted"
        case let .tooDeep(limit): return "elements nest deeper than \(limit) levels"
        case let .unreadable(reason): return "the body could not be read: \(reason)"
        }
    }
}
