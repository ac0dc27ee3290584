/// An independent, deliberately naive reading of RFC 9112 §7.1 chunked coding, to check the
/// parser's decoding against: whatever the parser accepts, this must decode to the same bytes.
public enum ReferenceChunkedDecoder {
    /// The decoded body of the chunked message at the start of `bytes`, or nil if it is not
    /// a complete, valid one.
    public static func decode(_ bytes: [UInt8]) -> [UInt8]? {
        var body: [UInt8] = []
        var i = 0
        func line() -> ArraySlice<UInt8>? {
            var j = i
            while j + 1 < bytes.count {
                if bytes[j] == 0x0D && bytes[j + 1] == 0x0A {
                    defer { i = j + 2 }
                    return bytes[i..<j]
                }
                j += 1
            }
            return nil
        }
        while true {
            guard let sizeLine = line() else { return nil }
            let digits = sizeLine.prefix { hex($0) != nil }
            // `1*HEXDIG`: leading zeros are allowed in any number (nginx agrees); a value needing
            // more than 15 significant digits is refused, as the parser refuses it.
            guard !digits.isEmpty, digits.drop(while: { $0 == 0x30 }).count <= 15 else { return nil }
            let size = digits.reduce(0) { $0 << 4 | hex($1)! }
            if size == 0 {
                // Trailer fields until the empty line.
                while true {
                    guard let trailer = line() else { return nil }
                    if trailer.isEmpty { return body }
                }
            }
            guard size <= bytes.count - i - 2 else { return nil }
            body += bytes[i..<(i + size)]
            i += size
            guard bytes[i] == 0x0D, bytes[i + 1] == 0x0A else { return nil }
            i += 2
        }
    }

    static func hex(_ byte: UInt8) -> Int? {
        switch byte {
        case 0x30...0x39: return Int(byte - 0x30)
        case 0x41...0x46: return Int(byte - 0x41 + 10)
        case 0x61...0x66: return Int(byte - 0x61 + 10)
        default: return nil
        }
    }
}
