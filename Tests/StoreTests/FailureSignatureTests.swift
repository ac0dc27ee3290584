import Reports
import Testing

/// Run-specific noise collapses into one signature; different causes stay apart.
@Suite struct FailureSignatureTests {
    static func signature(_ message: String, type: String? = nil) -> String? {
        FailureSignature.of(type: type, message: message, trace: nil)
    }

    /// Each pair differs only by noise of one kind.
    @Test(arguments: [
        ("numbers", "AssertionError: expected 3 items, got 2", "AssertionError: expected 17 items, got 4"),
        ("hex ids", "commit 1a2b3c4 not found", "commit 9f8e7d6 not found"),
        ("UUIDs", "request 5f3a9c1e-0b7d-4c1a-9e55-1234567890ab failed", "request 0b7d1234-aaaa-4c1a-9e55-ffffffffffff failed"),
        ("addresses", "<Session object at 0x7f3a2b1c9d00> is closed", "<Session object at 0x55b1aa00ee10> is closed"),
        ("temporary paths", "cannot open /tmp/pytest-of-ci/pytest-12/test_db0/sock", "cannot open /tmp/pytest-of-ci/pytest-7/test_db3/sock"),
        ("macOS temporary paths", "missing /var/folders/xy/ab12/T/tmpq1w2e3/x.txt", "missing /var/folders/zz/cd34/T/tmp9k8j7h/x.txt"),
        ("ISO timestamps", "deadline 2026-11-28T04:35:28.355Z passed", "deadline 2025-01-02T23:59:01Z passed"),
        ("single-quoted values", "KeyError: 'user-8812'", "KeyError: 'admin'"),
        ("double-quoted values", "no row for \"alice\"", "no row for \"bob\""),
        ("durations", "timed out after 30.5s", "timed out after 2.25s"),
        ("ports", "connection refused: localhost:54321", "connection refused: localhost:40011"),
        ("numbered names", "worker user_42 crashed", "worker user_7 crashed"),
        ("JUnit compared values", "expected:<[foo]> but was:<[bar]>", "expected:<[foo]> but was:<[baz]>"),
        ("JUnit 5 compared values", "expected: <3> but was: <4>", "expected: <10> but was: <11>"),
        ("paths in parentheses", "cannot import name 'x' (/tmp/venv-8812/lib/utils.py)", "cannot import name 'y' (/tmp/venv-13/lib/utils.py)"),
    ])
    func noise_collapsesIntoOneSignature(kind: String, first: String, second: String) {
        #expect(Self.signature(first) == Self.signature(second), "\(kind)")
        #expect(Self.signature(first) != nil)
    }

    @Test func differentCauses_stayApart() {
        let causes = [
            "AssertionError: expected 3 items, got 2",
            "KeyError: 'user-8812'",
            "TimeoutError: timed out after 30s",
            "ConnectionError: could not connect to 10.0.0.5:5432",
            "ValueError: math domain error",
            "ImportError: cannot import name 'x'",
        ]
        #expect(Set(causes.compactMap { Self.signature($0) }).count == causes.count)
    }

    @Test func wordsWithDigits_keepTheirMeaning() {
        #expect(FailureSignature.normalize("test_py3 failed on utf8 input") == "test_py3 failed on utf8 input")
        #expect(Self.signature("sha256 mismatch") != Self.signature("md5 mismatch"))
    }

    @Test func apostrophesInWords_areNotQuotes() {
        #expect(FailureSignature.normalize("can't open 'a.txt'") == "can't open <str>")
    }

    @Test func closingPunctuation_endsATemporaryPath() {
        #expect(FailureSignature.normalize("(at /tmp/x/1.py), then") == "(at <tmp>), then")
    }

    @Test func exceptionType_prefixesTheMessage_once() {
        #expect(Self.signature("expected 3", type: "builtins.AssertionError") == "AssertionError: expected <n>")
        #expect(Self.signature("AssertionError: expected 3", type: "AssertionError") == "AssertionError: expected <n>")
    }

    @Test func onlyTheFirstLine_counts() {
        #expect(Self.signature("KeyError: 'a'\n  at line 12\n  at line 99") == Self.signature("KeyError: 'b'\n  at line 7"))
    }

    @Test func withoutMessage_theTracesLastLineIsTheCause() {
        let trace = "Traceback (most recent call last):\n  File \"x.py\", line 3\nZeroDivisionError: division by zero\n"
        #expect(FailureSignature.of(type: nil, message: nil, trace: trace) == "ZeroDivisionError: division by zero")
    }

    @Test func nothingToSay_isNoSignature() {
        #expect(FailureSignature.of(type: nil, message: nil, trace: nil) == nil)
        #expect(FailureSignature.of(type: nil, message: "  \n ", trace: nil) == nil)
    }
}
