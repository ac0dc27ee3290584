import Foundation
import Reports
import Testing

/// Reruns become attempts of one test, numbered in the order they ran, each marked with the
/// element it came from so stored results map back to `<testcase>` elements.
@Suite struct JUnitAttemptTests {
    private func verdict(_ results: [TestResult]) -> Verdict? {
        guard let last = results.max(by: { $0.attempt < $1.attempt }) else { return nil }
        return Verdict.of(last: last.status, anyFailedAttempt: results.contains { $0.status.isFailure })
    }

    @Test func surefireFlakyElements_areEarlierAttemptsOfAPassingTest() throws {
        let xml = JUnitXML.suite(JUnitXML.testcase("testFlaky", classname: "org.acme.FlakyTest", attributes: "time=\"0.034\"", """
            <flakyFailure message="expected 1" type="AssertionFailedError"><stackTrace>at Flaky.java:18</stackTrace>
              <system-out>first run log</system-out></flakyFailure>
            <flakyFailure message="expected 2" type="AssertionFailedError"><stackTrace>at Flaky.java:19</stackTrace></flakyFailure>
            <flakyError message="npe" type="NullPointerException"><stackTrace>at Flaky.java:20</stackTrace>
              <system-err>oops</system-err></flakyError>
            """))
        let (results, summary) = try JUnitReader().read(xml)
        #expect(results.map(\.attempt) == [1, 2, 3, 4])
        #expect(results.map(\.status) == [.failed, .failed, .error, .passed])
        #expect(results.map { $0.attributes["junit.attempt_kind"] } == ["flakyFailure", "flakyFailure", "flakyError", "testcase"])
        #expect(Set(results.map(\.test)) == ["org.acme.FlakyTest::testFlaky"])
        #expect(results[0].message == "expected 1" && results[0].trace == "at Flaky.java:18" && results[0].output == "first run log")
        #expect(results[2].output == "--- system-err ---\noops")
        #expect(results[3].durationMs == 34 && results[0].durationMs == nil)
        #expect(verdict(results) == .flaky)
        #expect(summary.flakyCases == 1 && summary.failedAttempts == 3 && summary.count(.passed) == 1)
    }

    @Test func rerunElements_followTheFailingCaseOwnFailure() throws {
        let xml = JUnitXML.suite(JUnitXML.testcase("alwaysFails", """
            <failure message="built to fail">first</failure>
            <rerunFailure message="again" timestamp="2024-01-09T07:50:12.670+00:00" time="0.004">second</rerunFailure>
            <rerunError message="crash"><stackTrace>third</stackTrace></rerunError>
            """))
        let (results, summary) = try JUnitReader().read(xml)
        #expect(results.map(\.status) == [.failed, .failed, .error])
        #expect(results.map { $0.attributes["junit.attempt_kind"] } == ["testcase", "rerunFailure", "rerunError"])
        #expect(results.map(\.attempt) == [1, 2, 3])
        #expect(results[1].startedAt == 1_704_786_612_670 && results[1].durationMs == 4)
        #expect(results[2].trace == "third")
        #expect(summary.failedAttempts == 3 && summary.flakyCases == 0)
    }

    @Test func failureWithFlakyElements_staysFailedWithTheFlakyRunsFirst() throws {
        let xml = JUnitXML.suite(JUnitXML.testcase("t7", """
            <failure message="passed on attempt 4/4 but fails when flaky"/>
            <flakyFailure>prior</flakyFailure><flakyError/>
            """))
        let results = try results(of: xml)
        #expect(results.map { $0.attributes["junit.attempt_kind"] } == ["flakyFailure", "flakyError", "testcase"])
        #expect(results.map(\.status) == [.failed, .error, .failed])
        #expect(verdict(results) == .failed)
    }

    @Test func repeatedTestcase_becomesTheNextAttempt() throws {
        let xml = JUnitXML.suite([
            JUnitXML.testcase("test_net", classname: "tests.test_io", "<failure message=\"timeout\"/>"),
            JUnitXML.testcase("test_other", classname: "tests.test_io"),
            JUnitXML.testcase("test_net", classname: "tests.test_io", "<error/>"),
            JUnitXML.testcase("test_net", classname: "tests.test_io"),
        ].joined())
        let (results, summary) = try JUnitReader().read(xml)
        let net = results.filter { $0.test == "tests.test_io::test_net" }
        #expect(net.map(\.attempt) == [1, 2, 3])
        #expect(net.map(\.status) == [.failed, .error, .passed])
        #expect(verdict(net) == .flaky)
        #expect(results.first { $0.test == "tests.test_io::test_other" }?.attempt == 1)
        #expect(summary.testcases == 4 && summary.tests == 2 && summary.flakyCases == 0)
    }

    @Test func repeatedTestcaseWithRetries_continuesAfterThem() throws {
        let xml = JUnitXML.suite(JUnitXML.testcase("t", "<failure/><rerunFailure/>") + JUnitXML.testcase("t", "<flakyFailure/>"))
        let results = try results(of: xml)
        #expect(results.map(\.attempt) == [1, 2, 3, 4])
        #expect(results.map(\.status) == [.failed, .failed, .failed, .passed])
    }

    @Test func retriesBeyondTheLimit_areCountedNotStored() throws {
        let xml = JUnitXML.suite(JUnitXML.testcase("t", String(repeating: "<flakyFailure/>", count: 5)))
        let (results, summary) = try JUnitReader(options: .init(maxRetriesPerCase: 2)).read(xml)
        #expect(results.map(\.attempt) == [1, 2, 3])
        #expect(summary.droppedRetries == 3)
        #expect(summary.failedAttempts == 5 && summary.flakyCases == 1)
    }

    @Test func nestedTestcase_isItsOwnCase() throws {
        let xml = JUnitXML.suite("<testcase name=\"outer\"><testcase name=\"inner\"><failure/></testcase></testcase>")
        let results = try results(of: xml)
        #expect(results.map(\.test) == ["suite::inner", "suite::outer"])
        #expect(results.map(\.status) == [.failed, .passed])
    }
}
