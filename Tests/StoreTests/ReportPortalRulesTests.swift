import Reports
import Testing
@testable import Store

@Suite struct ReportPortalRulesTests {
    // MARK: Test keys

    @Test func pytestCodeRef_givesTheNodeID_flatOrHierarchical() {
        let flat = ReportPortalRules.identity(
            name: "tests/test_params.py::TestCalculator::test_add[1-2-3]", codeRef: "tests/test_params.py:TestCalculator.test_add",
            testCaseId: "tests/test_params.py:TestCalculator.test_add[1,2,3]", parameters: ["1", "2", "3"], ancestors: [])
        let nested = ReportPortalRules.identity(
            name: "test_add[1-2-3]", codeRef: "tests/test_params.py:TestCalculator.test_add",
            testCaseId: "tests/test_params.py:TestCalculator.test_add[1,2,3]", parameters: ["1", "2", "3"],
            ancestors: ["tests/test_params.py", "TestCalculator"])
        #expect(flat.key == "tests/test_params.py::TestCalculator::test_add[1-2-3]")
        #expect(nested == flat)
        #expect(flat.file == "tests/test_params.py")
        #expect(flat.suite == "tests/test_params.py / TestCalculator")
    }

    @Test func idsOnlyParametrization_doesNotUseTheAmbiguousTestCaseId() {
        let identity = ReportPortalRules.identity(
            name: "tests/test_params.py::test_upper[lower]", codeRef: "tests/test_params.py:test_upper",
            testCaseId: "lower", parameters: ["abc", "ABC"], ancestors: [])
        #expect(identity.key == "tests/test_params.py::test_upper[lower]")
        #expect(identity.suite == "tests/test_params.py")
    }

    @Test func parameterIdContainingTheFunctionName_takesTheFirstAtABoundary() {
        #expect(ReportPortalRules.parameterSuffix(name: "t.py::test_a[x-test_a[y]]", function: "test_a") == "[x-test_a[y]]")
        #expect(ReportPortalRules.parameterSuffix(name: "test_a", function: "test_a") == "")
        #expect(ReportPortalRules.parameterSuffix(name: "other[1]", function: "test_a") == "")
    }

    @Test func nonPytestItems_useTestCaseId_thenCodeRefWithParameters_thenTheNamePath() {
        #expect(ReportPortalRules.identity(name: "n", codeRef: "com.acme.LoginTest.ok", testCaseId: "TC-42", parameters: [], ancestors: []).key == "TC-42")
        #expect(ReportPortalRules.identity(name: "n", codeRef: "com.acme.LoginTest.ok", testCaseId: nil, parameters: ["1", "b"], ancestors: []).key
            == "com.acme.LoginTest.ok[1,b]")
        let byName = ReportPortalRules.identity(name: "logs in", codeRef: nil, testCaseId: "", parameters: [], ancestors: ["Login", "Happy path"])
        #expect(byName.key == "Login::Happy path::logs in")
        #expect(byName.suite == "Login / Happy path")
    }

    @Test func malformedPytestCodeRefs_areNotTakenForNodeIDs() {
        #expect(ReportPortalRules.pytestCodeRef("tests/test_a.py:") == nil)
        #expect(ReportPortalRules.pytestCodeRef("tests/test_a.py:A..b") == nil)
        #expect(ReportPortalRules.pytestCodeRef("/abs/path/tests/test_a.py") == nil)
        #expect(ReportPortalRules.pytestCodeRef("tests/test_a.py:A.b")! == ("tests/test_a.py", "A.b"))
    }

    // MARK: Statuses

    @Test func statuses_mapOntoVerdicts() {
        let expected: [String: Status] = [
            "PASSED": .passed, "INFO": .passed, "WARN": .passed, "FAILED": .failed, "SKIPPED": .skipped,
            "STOPPED": .error, "INTERRUPTED": .error, "CANCELLED": .error, "passed": .passed,
        ]
        for (rp, status) in expected { #expect(ReportPortalRules.status(rp) == status, "\(rp)") }
    }

    @Test func nullStatus_isRolledUpFromTheChildren() {
        #expect(ReportPortalRules.rollUp(["PASSED", "FAILED", "SKIPPED"]) == "FAILED")
        #expect(ReportPortalRules.rollUp(["PASSED", "INTERRUPTED"]) == "FAILED")
        #expect(ReportPortalRules.rollUp(["SKIPPED", "WARN"]) == "PASSED")
        #expect(ReportPortalRules.rollUp(["SKIPPED"]) == "SKIPPED")
        #expect(ReportPortalRules.rollUp([]) == "PASSED")
    }

    @Test func onlyStepsWithStats_areCounted() {
        #expect(ReportPortalRules.isCounted(type: "STEP", hasStats: true))
        #expect(ReportPortalRules.isCounted(type: "SCENARIO", hasStats: true))
        #expect(!ReportPortalRules.isCounted(type: "STEP", hasStats: false))
        #expect(!ReportPortalRules.isCounted(type: "SUITE", hasStats: true))
        #expect(!ReportPortalRules.isCounted(type: "TEST", hasStats: true))
        #expect(!ReportPortalRules.isCounted(type: "BEFORE_METHOD", hasStats: true))
    }

    // MARK: Attributes

    @Test func launchAttributes_setBranchCommitAndURL_andAreAllKept() {
        let info = ReportPortalRules.runInfo(
            name: "nightly", description: "all of it", mode: "DEFAULT", startTime: 5,
            attributes: [
                RPAttribute(key: "Git-Branch", value: "main"), RPAttribute(key: "GITHUB_SHA", value: "abc123"),
                RPAttribute(key: "build.url", value: "https://ci/1"), RPAttribute(key: nil, value: "ci"),
                RPAttribute(key: "branch", value: "later"), RPAttribute(key: "os", value: "Linux", system: true),
            ])
        #expect(info.name == "nightly")
        #expect(info.branch == "main")
        #expect(info.commit == "abc123")
        #expect(info.url == "https://ci/1")
        #expect(info.startedAt == 5)
        #expect(info.attributes["ci"] == "")
        #expect(info.attributes["branch"] == "later")
        #expect(info.attributes["rp.os"] == "Linux")
        #expect(info.attributes["description"] == "all of it")
        #expect(info.attributes["rp.mode"] == "DEFAULT")
    }

    @Test func systemAttributes_neverSetTheBranch() {
        let info = ReportPortalRules.runInfo(name: nil, description: nil, mode: nil, startTime: nil,
                                             attributes: [RPAttribute(key: "branch", value: "x", system: true)])
        #expect(info.branch == nil)
    }

    @Test func itemAttributes_keepTagsIssueAndIdentity() {
        let attributes = ReportPortalRules.resultAttributes(
            [RPAttribute(key: "team", value: "qa"), RPAttribute(key: nil, value: "slow"), RPAttribute(key: "team", value: "web")],
            item: "u1", status: "FAILED", codeRef: "t.py:f", testCaseId: "t.py:f",
            issue: RPIssue(issueType: "pb001", comment: "* Known product bug: BUG-101", tickets: ["BUG-101"], json: "{}"))
        #expect(attributes["team"] == "qa, web")
        #expect(attributes["slow"] == "")
        #expect(attributes["rp.issue"] == "pb001")
        #expect(attributes["rp.issue.comment"] == "* Known product bug: BUG-101")
        #expect(attributes["rp.issue.tickets"] == "BUG-101")
        #expect(attributes["rp.status"] == "FAILED")
        #expect(attributes["rp.item"] == "u1")
    }

    // MARK: Failure text

    @Test func failureMessage_isPytestsELine_orTheSkipReason() {
        let traceback = "def test_fail():\n>       assert 1 + 1 == 3, \"arithmetic is broken\"\nE       AssertionError: arithmetic is broken\nE       assert (1 + 1) == 3\n\ntests/test_basic.py:16: AssertionError"
        #expect(ReportPortalRules.failureMessage(traceback) == "AssertionError: arithmetic is broken")
        #expect(ReportPortalRules.failureMessage("('/ci/tests/test_basic.py', 23, 'Skipped: not implemented yet')") == "Skipped: not implemented yet")
        #expect(ReportPortalRules.failureMessage("\n  plain text\nmore") == "plain text")
        #expect(ReportPortalRules.failureMessage("") == nil)
    }
}
