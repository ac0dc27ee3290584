import Store

/// API tokens: random, shown once, stored only as SHA-256 hashes.
public enum Tokens {
    /// A new token: `vdt_` and 32 random bytes in hex. Random from the system's CSPRNG.
    public static func generate() -> String {
        var rng = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef")
        return "vdt_" + String((0..<64).map { _ in digits[Int(rng.next() as UInt8) & 0xF] })
    }

    /// The stored form of a token. A plain hash suffices: tokens carry 256 bits of entropy, so
    /// they cannot be guessed from their hash, and a slow KDF would only slow every request.
    public static func hash(_ token: String) -> [UInt8] { SHA256.hash(Array(token.utf8)) }
}
