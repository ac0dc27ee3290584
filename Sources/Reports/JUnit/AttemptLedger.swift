/// Attempts seen so far per test key within one upload, so a `<testcase>` whose key came earlier
/// (pytest-rerunfailures, gotestsum reruns) becomes that test's next attempt.
///
/// This is the only state of a read that grows with the input: one entry per distinct test.
/// Keys are kept as a 128-bit digest (two SipHash runs of the process-seeded `Hasher`), not as
/// strings, so an entry costs ~30 bytes however long the key is.
struct AttemptLedger {
    private struct Digest: Hashable {
        let high: Int
        let low: Int
    }

    private var attempts: [Digest: UInt32] = [:]

    /// Distinct keys recorded.
    var tests: Int { attempts.count }

    /// Records `count` new attempts of `key` and returns how many there were before them.
    mutating func record(_ key: String, count: Int) -> Int {
        let digest = Self.digest(key)
        let before = Int(attempts[digest, default: 0])
        attempts[digest] = UInt32(clamping: before + count)
        return before
    }

    private static func digest(_ key: String) -> Digest {
        var high = Hasher()
        high.combine(0 as UInt8)
        high.combine(key)
        var low = Hasher()
        low.combine(1 as UInt8)
        low.combine(key)
        return Digest(high: high.finalize(), low: low.finalize())
    }
}
