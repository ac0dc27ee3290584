/// Attempts seen so far per test key within one upload, so a `<testcase>` whose key came earlier
/// (pytest-rerunfailures, gotestsum reruns) becomes that test's next attempt.
///
/// This is the only state of a read that grows with the input: one entry per distinct test.
/// Keys are kept as a 128-bit digest (SipHash from the process-seeded `Hasher`, and FNV-1a),
/// not as strings, so an entry costs 30–55 bytes (with the hash table's slack) however long the key is; two keys would have to
/// collide in both halves to be mistaken for each other.
struct AttemptLedger {
    private struct Digest: Hashable {
        let sip: Int
        let fnv: UInt64

        func hash(into hasher: inout Hasher) { hasher.combine(sip) }
    }

    private var attempts: [Digest: UInt32] = [:]

    /// Distinct keys recorded.
    var tests: Int { attempts.count }

    /// Records `count` new attempts of `key` and returns how many there were before them.
    mutating func record(_ key: String, count: Int) -> Int {
        let digest = Digest(sip: key.hashValue, fnv: Self.fnv1a(key))
        let before = Int(attempts[digest, default: 0])
        attempts[digest] = UInt32(clamping: before + count)
        return before
    }

    private static func fnv1a(_ key: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
