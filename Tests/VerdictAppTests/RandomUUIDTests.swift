import Testing
@testable import VerdictApp

@Suite struct RandomUUIDTests {
    @Test func uuid_isLowerCaseVersion4WithTheRFCVariant() {
        for _ in 0..<1000 {
            let uuid = Array(RandomUUID.make())
            #expect(uuid.count == 36)
            for (index, character) in uuid.enumerated() {
                if [8, 13, 18, 23].contains(index) {
                    #expect(character == "-")
                } else {
                    #expect("0123456789abcdef".contains(character), "\(String(uuid))")
                }
            }
            #expect(uuid[14] == "4")
            #expect("89ab".contains(uuid[19]))
        }
    }

    @Test func uuids_doNotRepeat() {
        let uuids = (0..<10_000).map { _ in RandomUUID.make() }
        #expect(Set(uuids).count == uuids.count)
    }

    @Test func bytes_comeFromTheGeneratorInOrder() {
        var generator = CountingGenerator()
        // Bytes 00 01 … 0f, with the version and variant bits set.
        #expect(RandomUUID.make(using: &generator) == "00010203-0405-4607-8809-0a0b0c0d0e0f")
    }
}

/// Hands out 0x0706050403020100, then 0x0f0e0d0c0b0a0908: bytes 0…15 little-endian.
private struct CountingGenerator: RandomNumberGenerator {
    private var counter: UInt64 = 0

    mutating func next() -> UInt64 {
        var word: UInt64 = 0
        for index in 0..<8 { word |= (counter + UInt64(index)) << (index * 8) }
        counter += 8
        return word
    }
}
