/// Text collected from a stream of pieces that keeps at most `limit` UTF-8 bytes and counts the
/// rest, so a 100 MB `<system-out>` costs `limit` bytes. Cuts fall on a Unicode scalar boundary,
/// and once a piece has been cut everything after it is dropped (the kept text has no holes).
struct BoundedText {
    let limit: Int
    private(set) var bytes: [UInt8] = []
    /// UTF-8 bytes received but not kept.
    private(set) var dropped = 0

    init(limit: Int) { self.limit = limit }

    var isEmpty: Bool { bytes.isEmpty && dropped == 0 }
    var isTruncated: Bool { dropped > 0 }

    mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { append(bytes: $0) }
    }

    mutating func append<C: Collection>(bytes piece: C) where C.Element == UInt8 {
        if dropped > 0 {
            dropped += piece.count
            return
        }
        let room = limit - bytes.count
        if piece.count <= room {
            bytes.append(contentsOf: piece)
            return
        }
        // Step back over UTF-8 continuation bytes (10xxxxxx) so the cut never splits a scalar.
        var keep = room
        var index = piece.index(piece.startIndex, offsetBy: keep)
        while keep > 0, piece[index] & 0xC0 == 0x80 {
            keep -= 1
            index = piece.index(piece.startIndex, offsetBy: keep)
        }
        bytes.append(contentsOf: piece.prefix(keep))
        dropped += piece.count - keep
    }

    /// The kept text, followed by `\n… [truncated N bytes]` when something was dropped.
    /// Nil when nothing at all was received.
    var text: String? {
        if isEmpty { return nil }
        let kept = String(decoding: bytes, as: UTF8.self)
        return dropped > 0 ? kept + BoundedText.marker(dropped: dropped) : kept
    }

    /// The marker appended to cut text.
    static func marker(dropped: Int) -> String { "\n… [truncated \(dropped) bytes]" }

    /// `text` cut to `limit` UTF-8 bytes with the same marker; for attribute values.
    static func cut(_ text: String, limit: Int) -> (text: String, truncated: Bool) {
        if text.utf8.count <= limit { return (text, false) }
        var bounded = BoundedText(limit: limit)
        bounded.append(text)
        return (bounded.text ?? "", true)
    }
}
