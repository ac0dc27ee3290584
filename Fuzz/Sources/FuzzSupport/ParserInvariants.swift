import HTTPServer

/// Properties every parse must have, whatever the input; each violation stops the fuzzer.
public enum ParserInvariants {
    /// Small limits, so the fuzzer reaches every one of them.
    public static let limits: Limits = {
        var limits = Limits()
        limits.maxHeaderBytes = 2048
        limits.maxHeaderCount = 16
        limits.maxBodyBytes = 8192
        return limits
    }()

    /// The same bytes give the same transcript however they arrive, and nothing in it breaks
    /// the limits or lets a control character into a header.
    public static func check(_ bytes: [UInt8]) {
        let whole = ParserTranscript(bytes, limits: limits)
        let pieces = pieceSizes(for: bytes)
        let split = ParserTranscript(bytes, pieces: pieces, limits: limits)
        require(whole == split, "whole: \(whole)\nsplit \(pieces.prefix(20)): \(split)")
        if bytes.count <= 2048 {
            let byByte = ParserTranscript(bytes, pieces: Array(repeating: 1, count: bytes.count), limits: limits)
            require(whole == byByte, "whole: \(whole)\nbyte by byte: \(byByte)")
        }
        for event in whole.events {
            switch event {
            case .head(let head):
                require(head.target.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }, "target with a control or space: \(head.target)")
                for (name, value) in head.headers {
                    require(!name.isEmpty && !name.utf8.contains { $0 <= 0x20 || $0 == 0x3A || $0 >= 0x7F }, "bad header name \(name)")
                    require(!value.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0 }, "CR, LF or NUL in header value")
                }
            case .body(let body):
                require(body.count <= limits.maxBodyBytes, "body of \(body.count) bytes passed the limit")
            case .end, .failure:
                break
            }
        }
    }

    /// Deterministic piece sizes from the input itself (1 to 64 bytes), so a crash reproduces.
    static func pieceSizes(for bytes: [UInt8]) -> [Int] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        for byte in bytes.prefix(64) { state = (state ^ UInt64(byte)) &* 0x100_0000_01B3 }
        var sizes: [Int] = []
        var total = 0
        while total < bytes.count {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let size = Int(state >> 58) + 1
            sizes.append(size)
            total += size
        }
        return sizes
    }
}
