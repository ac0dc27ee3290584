/// Base64 decoding (RFC 4648 §4, standard alphabet, `=` padding), for the assets `embed-assets`
/// writes as base64 string literals (large string literals compile fast; array literals do not).
enum Base64 {
    /// The bytes `text` encodes, nil when it is not padded base64 of the standard alphabet.
    static func decode(_ text: String) -> [UInt8]? {
        let input = Array(text.utf8)
        guard input.count % 4 == 0 else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(input.count / 4 * 3)
        var index = 0
        while index < input.count {
            let isLast = index + 4 == input.count
            var quantum: UInt32 = 0
            var padding = 0
            for offset in 0..<4 {
                let character = input[index + offset]
                if character == UInt8(ascii: "=") {
                    // Padding only ends the text, one or two characters of it, and nothing follows it.
                    guard isLast, offset >= 2 else { return nil }
                    padding += 1
                    quantum <<= 6
                    continue
                }
                guard padding == 0, let value = sextet(character) else { return nil }
                quantum = quantum << 6 | UInt32(value)
            }
            output.append(UInt8(truncatingIfNeeded: quantum >> 16))
            if padding < 2 { output.append(UInt8(truncatingIfNeeded: quantum >> 8)) }
            if padding < 1 { output.append(UInt8(truncatingIfNeeded: quantum)) }
            index += 4
        }
        return output
    }

    private static func sextet(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return character - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return character - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return character - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): return 62
        case UInt8(ascii: "/"): return 63
        default: return nil
        }
    }
}
