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
    ///
    /// Examples: pytest `tests.test_api.TestLogin::test_ok[param]`, Go
    /// `github.com/acme/api::TestLogin/ok`, jest without classname `src/login.test.ts::logs in`.
    public static func junit(classname: String?, name: String?, file: String? = nil, suite: String? = nil) -> String {
        let name = clean(name)
        let scope = [classname, file, suite].lazy.map(clean).first { !$0.isEmpty } ?? ""
        if scope.isEmpty { return name.isEmpty ? "(unnamed)" : name }
        if name == scope { return name }
        return scope + "::" + name
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
