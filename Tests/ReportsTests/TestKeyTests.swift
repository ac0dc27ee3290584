import Foundation
import Reports
import Testing

/// The test key rule (docs/junit.md, "Test key"): stable, readable, one function.
@Suite struct TestKeyTests {
    struct Example: Sendable, CustomTestStringConvertible {
        let classname: String?, name: String?, file: String?, suite: String?, key: String
        var testDescription: String { key }
    }

    static let examples: [Example] = [
        // pytest
        .init(classname: "tests.test_api.TestLogin", name: "test_ok[param-1]", file: "tests/test_api.py", suite: "pytest", key: "tests.test_api.TestLogin::test_ok[param-1]"),
        // go-junit-report / gotestsum
        .init(classname: "github.com/acme/api", name: "TestLogin/ok", file: nil, suite: "github.com/acme/api", key: "github.com/acme/api::TestLogin/ok"),
        // jest-junit default: the same title in both
        .init(classname: "Login logs in", name: "Login logs in", file: nil, suite: "Login", key: "Login logs in"),
        // mocha / playwright without classname: the file scopes the name
        .init(classname: "", name: "logs in", file: "src/login.test.ts", suite: "Login", key: "src/login.test.ts::logs in"),
        // no classname, no file: the suite path
        .init(classname: nil, name: "testcase0", file: nil, suite: "run / testsuite0", key: "run / testsuite0::testcase0"),
        // nothing but a name
        .init(classname: nil, name: "lonely", file: nil, suite: nil, key: "lonely"),
        // JUnit 5 @BeforeAll failure: empty name
        .init(classname: "com.acme.DbTest", name: "", file: nil, suite: nil, key: "com.acme.DbTest::"),
        .init(classname: nil, name: nil, file: nil, suite: nil, key: "(unnamed)"),
        // whitespace and line breaks inside attributes
        .init(classname: "  pkg.C ", name: "multi\nline\tname ", file: nil, suite: nil, key: "pkg.C::multi line name"),
        .init(classname: "   ", name: "t", file: " ", suite: "S", key: "S::t"),
    ]

    @Test(arguments: examples)
    func junitKey_followsTheRule(_ example: Example) {
        #expect(TestKey.junit(classname: example.classname, name: example.name, file: example.file, suite: example.suite) == example.key)
    }

    @Test func junitKey_isTheSameOnEveryUpload() {
        let first = TestKey.junit(classname: "a.B", name: "c", file: "x.py", suite: "s")
        let again = TestKey.junit(classname: "a.B", name: "c", file: "x.py", suite: "s")
        #expect(first == again)
    }

    @Test func fileAndSuite_doNotChangeAKeyThatHasAClassname() {
        let a = TestKey.junit(classname: "a.B", name: "c", file: "x.py", suite: "shard 1")
        let b = TestKey.junit(classname: "a.B", name: "c", file: nil, suite: "shard 2")
        #expect(a == b)
    }
}

/// Keys stay short enough to index, and stay distinct and stable when shortened.
@Suite struct TestKeyLengthTests {
    @Test func longKey_isShortenedWithAStableHash() {
        let long = String(repeating: "é", count: 2000)
        let key = TestKey.junit(classname: "pkg.C", name: long + "a")
        #expect(key.utf8.count <= TestKey.maxBytes)
        #expect(key.hasPrefix("pkg.C::éé"))
        #expect(key == TestKey.junit(classname: "pkg.C", name: long + "a"))
        #expect(key != TestKey.junit(classname: "pkg.C", name: long + "b"))
        #expect(key.range(of: "~[0-9a-f]{16}$", options: .regularExpression) != nil)
    }

    @Test func keyAtTheLimit_isKeptWhole() {
        let name = String(repeating: "x", count: TestKey.maxBytes)
        #expect(TestKey.junit(classname: nil, name: name) == name)
    }

    @Test func hugeAttributeValues_areCutInTheResult() throws {
        let huge = String(repeating: "n", count: 100_000)
        let xml = JUnitXML.suite(JUnitXML.testcase(huge, classname: huge, attributes: "file=\"\(huge)\"", "<failure type=\"\(huge)\"/>"))
        let result = try #require(try results(of: xml).first)
        #expect(result.test.utf8.count <= TestKey.maxBytes)
        #expect((result.file?.utf8.count ?? 0) < 9000)
        #expect(result.attributes.values.allSatisfy { $0.utf8.count < 9000 })
    }
}
