/// Rewrites the byte stream so no CDATA section is longer than `limit` bytes, by closing it and
/// opening a new one (`]]><![CDATA[`) — adjacent CDATA sections carry the same characters.
///
/// Why: without `XML_PARSE_HUGE` libxml2's push parser keeps a CDATA section in its input buffer
/// until the section ends and fails past 10,000,000 bytes ("Huge input lookup"). Surefire and
/// others write `<system-out>` as CDATA, and 10 MB of test output happens. `XML_PARSE_HUGE` would
/// only move the limit to 1 GB and let libxml2 buffer all of it; split sections keep its buffer
/// small, so the reader's memory stays bounded.
///
/// It tracks just enough of XML to know where CDATA is: comments and processing instructions (whose
/// text may contain `<![CDATA[`) and CDATA sections themselves. It only runs for encodings whose
/// bytes below 0x80 are always ASCII characters (UTF-8 and single-byte charsets), and never cuts
/// a UTF-8 sequence or a possible `]]>`.
struct CDATASplitter {
    private enum State {
        case text, lessThan, bang(matched: Int), bangDash, comment, pi, cdata
    }

    let limit: Int
    /// Set once the prolog showed an encoding where splitting bytes is safe.
    var enabled = false
    private var state = State.text
    private var previous: (UInt8, UInt8) = (0, 0)
    private var sectionBytes = 0

    private static let cdataOpen = Array("[CDATA[".utf8)
    private static let reopen = Array("]]><![CDATA[".utf8)
    private static let lt = UInt8(ascii: "<"), gt = UInt8(ascii: ">"), bang = UInt8(ascii: "!")
    private static let question = UInt8(ascii: "?"), dash = UInt8(ascii: "-"), bracket = UInt8(ascii: "]")

    init(limit: Int) { self.limit = limit }

    /// Appends `input` to `output`, with a section break wherever a CDATA section reaches `limit`.
    mutating func process(_ input: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        var segmentStart = 0
        for index in input.indices {
            let byte = input[index]
            switch state {
            case .text:
                if byte == Self.lt { state = .lessThan }
            case .lessThan:
                state = byte == Self.bang ? .bang(matched: 0) : byte == Self.question ? enter(.pi) : .text
            case let .bang(matched):
                if matched == 0 && byte == Self.dash {
                    state = .bangDash
                } else if byte == Self.cdataOpen[matched] {
                    state = matched + 1 == Self.cdataOpen.count ? enter(.cdata) : .bang(matched: matched + 1)
                } else {
                    state = .text  // <!DOCTYPE (bare, the scanner refused the rest) or malformed
                }
            case .bangDash:
                state = byte == Self.dash ? enter(.comment) : .text
            case .comment:
                if previous == (Self.dash, Self.dash) && byte == Self.gt { state = .text }
            case .pi:
                if previous.1 == Self.question && byte == Self.gt { state = .text }
            case .cdata:
                if previous == (Self.bracket, Self.bracket) && byte == Self.gt {
                    state = .text
                } else if enabled, sectionBytes >= limit, byte & 0xC0 != 0x80, byte != Self.bracket,
                          previous.1 != Self.bracket {
                    // Not inside a UTF-8 sequence, and no `]]>` can straddle this point.
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: input[segmentStart..<index]))
                    output.append(contentsOf: Self.reopen)
                    segmentStart = index
                    sectionBytes = 0
                }
                sectionBytes += 1
            }
            previous = (previous.1, byte)
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: input[segmentStart...]))
    }

    /// Enters a construct whose end is found from its own bytes only.
    private mutating func enter(_ next: State) -> State {
        previous = (0, 0)
        sectionBytes = 0
        return next
    }
}
