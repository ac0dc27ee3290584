import Foundation
import Reports
import Testing

/// How elements and attributes become `TestResult` fields (docs/junit.md, "Mapping").
@Suite struct JUnitMappingTests {
    @Test func passingCase_keepsNamesTimeFileAndWorker() throws {
        let xml = JUnitXML.suite(JUnitXML.testcase("test_ok[1]", classname: "tests.test_api.TestLogin",
                                                   attributes: "time=\"1.5\" file=\"tests/test_api.py\" line=\"12\""))
        let result = try #require(try results(of: xml, options: .init(worker: "gw3")).first)
        #expect(result.test == "tests.test_api.TestLogin::test_ok[1]")
        #expect(result.status == .passed)
        #expect(result.attempt == 1)
        #expect(result.durationMs == 1500)
        #expect(result.file == "tests/test_api.py")
        #expect(result.worker == "gw3")
        #expect(result.suite == "suite")
        #expect(result.message == nil && result.trace == nil && result.output == nil)
        #expect(result.attributes["junit.line"] == "12")
        #expect(result.attributes["junit.attempt_kind"] == "testcase")
    }

    @Test func failure_keepsMessageTypeAndBodyAsTrace() throws {
        let xml = JUnitXML.suite(JUnitXML.testcase("a", "<failure message=\"assert 1 == 2\" type=\"AssertionError\">Traceback\n  line 3</failure>"))
        let result = try #require(try results(of: xml).first)
        #expect(result.status == .failed)
        #expect(result.message == "assert 1 == 2")
        #expect(result.trace == "Traceback\n  line 3")
        #expect(result.attributes["junit.type"] == "AssertionError")
    }

    @Test func statusRules_followTheCorpusOrder() throws {
        let xml = JUnitXML.suite([
            JUnitXML.testcase("f", "<error/><failure/>"),
            JUnitXML.testcase("e", "<skipped/><error message=\"boom\"><![CDATA[stack]]></error>"),
            JUnitXML.testcase("s", "<skipped message=\"not on linux\"/>"),
            JUnitXML.testcase("i", "<ignored/>"),
            JUnitXML.testcase("n", attributes: "status=\" NotRun \""),
            JUnitXML.testcase("d", attributes: "result=\"suppressed\""),
            JUnitXML.testcase("r", attributes: "status=\"run\""),
            JUnitXML.testcase("deep", "<properties><failure/></properties>"),
        ].joined())
        let statuses = try results(of: xml).map(\.status)
        #expect(statuses == [.failed, .error, .skipped, .skipped, .skipped, .skipped, .passed, .passed])
        let error = try results(of: xml)[1]
        #expect(error.message == "boom" && error.trace == "stack")
        #expect(try results(of: xml)[2].message == "not on linux")
    }

    @Test func namespacedElements_areMatchedByLocalName() throws {
        let xml = "<j:testsuites xmlns:j=\"urn:x\"><j:testsuite name=\"s\"><j:testcase name=\"a\"><j:failure/></j:testcase></j:testsuite></j:testsuites>"
        let (results, summary) = try JUnitReader().read(xml)
        #expect(summary.root == "testsuites")
        #expect(results.map(\.status) == [.failed])
    }

    @Test(arguments: ["testsuites", "testsuite", "testrun"])
    func anyRoot_findsEveryTestcase(_ root: String) throws {
        let xml = "<\(root) name=\"r\"><testcase name=\"a\"/><group><testcase name=\"b\"/></group></\(root)>"
        let (results, summary) = try JUnitReader().read(xml)
        #expect(summary.root == root)
        #expect(results.count == 2)
    }

    @Test func nestedSuites_keepThePathOutermostFirst() throws {
        let xml = """
        <testsuites name="run"><testsuite name="Outer"><testsuite name=""><testsuite name="Inner">
        <testcase name="t"/></testsuite></testsuite><testcase name="u"/></testsuite></testsuites>
        """
        let results = try results(of: xml)
        #expect(results.map(\.suite) == ["Outer / Inner", "Outer"])
        #expect(results.map(\.test) == ["Outer / Inner::t", "Outer::u"])
    }

    @Test func caseOutsideAnySuite_hasNoSuite() throws {
        let result = try #require(try results(of: "<testsuites><testcase name=\"t\"/></testsuites>").first)
        #expect(result.suite == nil)
        #expect(result.test == "t")
    }

    @Test func timestamp_comesFromTheCaseElseTheSuite() throws {
        let xml = JUnitXML.suite(JUnitXML.testcase("a") + JUnitXML.testcase("b", attributes: "timestamp=\"2024-05-01T10:00:01Z\""),
                                 attributes: "timestamp=\"2024-05-01T10:00:00\" hostname=\"ci-7\"")
        let results = try results(of: xml)
        #expect(results.map(\.startedAt) == [1_714_557_600_000, 1_714_557_601_000])
        #expect(results[0].attributes["junit.timestamp"] == "2024-05-01T10:00:00")
        #expect(results.allSatisfy { $0.attributes["junit.hostname"] == "ci-7" })
    }

    @Test func properties_ofSuitesAndCase_becomeAttributes_caseWinning() throws {
        let xml = """
        <testsuites><testsuite name="outer"><properties><property name="os" value="linux"/><property name="jdk" value="17"/></properties>
        <testsuite name="inner"><properties><property name="jdk" value="21"/></properties>
        <testcase name="a"><properties><property name="step">from text</property><property name="os" value="mac"/></properties></testcase>
        </testsuite></testsuite></testsuites>
        """
        let attributes = try #require(try results(of: xml).first).attributes
        #expect(attributes["os"] == "mac")
        #expect(attributes["jdk"] == "21")
        #expect(attributes["step"] == "from text")
    }

    @Test func phpunitClassAttribute_scopesTheKeyButIsNotTheClassname() throws {
        let xml = JUnitXML.suite("<testcase class=\"FooTest\" name=\"testBar\" file=\"/src/FooTest.php\"/>")
        let result = try #require(try results(of: xml).first)
        #expect(result.test == "FooTest::testBar")
        #expect(result.attributes["junit.classname"] == nil)
    }

    @Test func suiteLevelOutputAndErrors_createNoResults() throws {
        let xml = JUnitXML.suite("<error message=\"class failed to load\"/><system-out>suite log</system-out>" + JUnitXML.testcase("a"))
        let (results, summary) = try JUnitReader().read(xml)
        #expect(summary.testcases == 1)
        #expect(results.count == 1 && results[0].status == .passed && results[0].output == nil)
    }

    @Test func summary_countsCasesTimesAndTests() throws {
        let xml = JUnitXML.suite([
            JUnitXML.testcase("a", attributes: "time=\"1,234.5\""), JUnitXML.testcase("b", attributes: "time=\"0,5\"", "<failure/>"),
            JUnitXML.testcase("c", attributes: "time=\"\"", "<skipped/>"), JUnitXML.testcase("a", attributes: "time=\"-1\""),
        ].joined())
        let summary = try JUnitReader().read(xml).summary
        #expect(summary.testcases == 4 && summary.results == 4 && summary.tests == 3)
        #expect(summary.count(.passed) == 2 && summary.count(.failed) == 1 && summary.count(.skipped) == 1)
        #expect(summary.casesWithTime == 3)
        #expect(summary.totalSeconds == 1234.5 + 0.5 - 1)
        #expect(summary.failedAttempts == 1)
    }
}
