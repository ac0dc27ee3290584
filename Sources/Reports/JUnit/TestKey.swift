/// The rules that turn a report's naming of a test into Verdict's test key. A key must come out
/// the same on every upload of the same test, or its history splits in two.
public enum TestKey {
    /// The key of a JUnit `<testcase>`; see `docs/junit.md` ("Test key").
    ///
    /// 1. Each part is trimmed, and line breaks and tabs inside it become spaces (attribute
    ///    normalisation makes `&#10;` survive in some producers' names).
    /// 2. The scope is the first non-empty of: `classname` (the `class` attribute where
    ///    `classname` is absent or empty, as PHPUnit and Codeception write), `file`, `suite`
    ///    (the suite path, outermost first, joined " / ").
    /// 3. The key is `scope::name`; without a scope it is the name alone. When the name equals
    ///    the scope (jest-junit's default writes the same title into both) the key is the name.
    /// 4. A test with no name gets `scope::` (a JUnit 5 `@BeforeAll` failure has `name=""`), and
    ///    one with neither scope nor name is `(unnamed)`.
    /// 5. A key over `maxBytes` UTF-8 bytes keeps its first bytes (cut on a character boundary)
    ///    followed by `~` and the 16 hex digits of the FNV-1a 64-bit hash of the whole key.
    ///
    /// Examples: pytest `tests.test_api.TestLogin::test_ok[param]`, Go
    /// `github.com/acme/api::TestLogin/ok`, jest without classname `src/login.test.ts::logs in`.
    public static func junit(classname: String?, name: String?, file: String? = nil, suite: String? = nil) -> String {
        let name = clean(name)
        let scope = [classname, file, suite].lazy.map(clean).first { !$0.isEmpty } ?? ""
        if scope.isEmpty { return bounded(name.isEmpty ? "(unnamed)" : name) }
        if name == scope { return bounded(name) }
        return bounded(scope + "::" + name)
    }

    /// Longest key in UTF-8 bytes; longer ones are shortened by rule 5.
    public static let maxBytes = 1024

    /// Rule 5: deterministic in every process (unlike `Hasher`), so the key is stable.
    private static func bounded(_ key: String) -> String {
        let utf8 = Array(key.utf8)
        guard utf8.count > maxBytes else { return key }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        let digits = String(hash, radix: 16)
        let suffix = "~" + String(repeating: "0", count: 16 - digits.count) + digits
        var keep = maxBytes - suffix.utf8.count
        while keep > 0, utf8[keep] & 0xC0 == 0x80 { keep -= 1 }  // not inside a UTF-8 sequence
        return String(decoding: utf8[..<keep], as: UTF8.self) + suffix
    }

    private static func clean(_ part: String?) -> String {
        guard let part, !part.isEmpty else { return "" }
        // Fast path: printable ASCII has no line breaks or tabs to replace.
        if part.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return part.trimmingWhitespace() }
        var scalars = String.UnicodeScalarView()
        for scalar in part.unicodeScalars {
            let breaks = scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar == "\u{0B}" || scalar == "\u{0C}"
                || scalar == "\u{85}" || scalar == "\u{2028}" || scalar == "\u{2029}"
            scalars.append(breaks ? " " : scalar)
        }
        return String(scalars).trimmingWhitespace()
    }
}
