import VerdictApp
import Foundation
import Reports
import Testing

/// The acceptance set: every file of `shared/corpus/junit/files` read by `JUnitReader` must match
/// `expected.json` — parse failure, counts per status, per-case status/time/flaky/attempts, and
/// the per-case hash for files of more than 500 cases.
@Suite struct JUnitCorpusTests {
    static let corpus = JUnitCorpus.locate()
    static let files: [String] = (try? corpus?.expected().files.keys.sorted()) ?? []

    @Test func corpusIsPresent() throws {
        let corpus = try #require(Self.corpus, "shared/corpus/junit not found beside the package")
        #expect(try corpus.expected().files.count == Self.files.count)
        #expect(Self.files.count >= 95)
    }

    @Test(arguments: files)
    func corpusFile_matchesExpected(_ file: String) throws {
        let corpus = try #require(Self.corpus)
        let expected = try #require(try corpus.expected().files[file])
        let data = try corpus.data(of: file)
        guard expected.parse_ok else {
            #expect(throws: JUnitError.self) { try JUnitReader().read(data: data) }
            return
        }
        let (results, summary) = try JUnitReader().read(data: data)
        #expect(summary.root == expected.root)
        #expect(summary.testcases == expected.testcases)
        for status in Status.allCases {
            #expect(summary.count(status) == expected.counts?[status.rawValue], "\(status)")
        }
        #expect(summary.flakyCases == expected.flaky_cases)
        #expect(summary.failedAttempts == expected.failed_attempts)
        #expect(summary.casesWithTime == expected.cases_with_time)
        #expect(abs(summary.totalSeconds - (expected.total_time ?? 0)) < 1e-6)
        #expect(summary.results == results.count)

        let cases = StoredCase.group(results)
        try #require(cases.count == expected.testcases)
        #expect(cases.reduce(0) { $0 + $1.flaky.intValue } == expected.flaky_cases)
        #expect(cases.reduce(0) { $0 + $1.failedAttempts } == expected.failed_attempts)
        if let expectedCases = expected.cases {
            for (stored, want) in zip(cases, expectedCases) { check(stored, against: want) }
        } else {
            let lines = cases.map { "\($0.classname)::\($0.name)::\($0.own.status.rawValue)" }
                .sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
            #expect(SHA256.hex(Array(lines.joined(separator: "\n").utf8)) == expected.cases_sha256)
        }
        checkAttemptsAreConsecutive(results)
    }

    private func check(_ stored: StoredCase, against want: JUnitCorpus.CaseExpectation) {
        let label = "\(want.classname)::\(want.name)"
        #expect(stored.classname == want.classname, "\(label)")
        #expect(stored.name == want.name, "\(label)")
        #expect(stored.own.status.rawValue == want.status, "\(label)")
        #expect(stored.flaky == want.flaky, "\(label)")
        #expect(stored.failedAttempts == want.failed_attempts, "\(label)")
        let suite = stored.own.suite ?? ""
        #expect(suite == want.suite || suite.hasSuffix(" / " + want.suite) || want.suite.isEmpty, "\(label) suite \(suite)")
        switch want.time {
        case let seconds? where seconds >= 0:
            #expect(stored.own.durationMs == Int64((seconds * 1000).rounded()), "\(label)")
        case _?:
            #expect(stored.own.durationMs == nil && stored.own.attributes["junit.time"] != nil, "\(label)")
        case nil:
            #expect(stored.own.durationMs == nil, "\(label)")
        }
    }

    /// Within one upload every test's attempts are 1, 2, … n.
    private func checkAttemptsAreConsecutive(_ results: [TestResult]) {
        var seen: [String: Int] = [:]
        for result in results {
            let next = seen[result.test, default: 0] + 1
            #expect(result.attempt == next, "\(result.test)")
            seen[result.test] = result.attempt
        }
    }
}

extension Bool {
    var intValue: Int { self ? 1 : 0 }
}
