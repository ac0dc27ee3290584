import Foundation
import Testing
@testable import VerdictApp

@Suite struct Base64Tests {
    /// RFC 4648 §10.
    @Test(arguments: [
        ("", ""), ("Zg==", "f"), ("Zm8=", "fo"), ("Zm9v", "foo"), ("Zm9vYg==", "foob"),
        ("Zm9vYmE=", "fooba"), ("Zm9vYmFy", "foobar"),
    ])
    func rfcVectors_decode(_ encoded: String, _ decoded: String) {
        #expect(Base64.decode(encoded) == Array(decoded.utf8))
    }

    @Test func everyByteValue_roundTripsWithFoundationsEncoder() {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<300 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(Base64.decode(Data(bytes).base64EncodedString()) == bytes)
        }
        let all = (0...255).map(UInt8.init)
        #expect(Base64.decode(Data(all).base64EncodedString()) == all)
    }

    @Test(arguments: ["Zg", "Zg=", "Z===", "Zg==Zg==", "Zm9v\n", "Zm-v", "Zm_v", "Z=g=", "===="])
    func malformed_isNil(_ text: String) {
        #expect(Base64.decode(text) == nil)
    }

    @Test func embeddedAssets_allDecode() {
        #expect(Assets.files.count == EmbeddedAssets.files.count)
        #expect(Assets.publicFiles["index.html"].map { String(decoding: $0, as: UTF8.self).contains("<html") } == true)
    }
}
