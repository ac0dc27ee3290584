import Foundation
import Reports
import Testing

/// Bad and hostile bodies are refused with a precise `JUnitError`, never a crash, and nothing
/// outside the upload is ever read.
@Suite struct JUnitHostileInputTests {
    let reader = JUnitReader()

    @Test func truncatedDocument_isMalformedWithLineAndColumn() {
        let xml = "<testsuites>\n<testsuite name=\"s\">\n<testcase name=\"a\"/>\n<testcase name=\"b\" time=\"0."
        guard case let .malformed(line, column, reason)? = junitError({ _ = try reader.read(xml) }) else {
            Issue.record("expected .malformed")
            return
        }
        #expect(line == 4)
        #expect(column > 1)
        #expect(!reason.isEmpty)
    }

    @Test func rootNeverClosed_isMalformed() {
        let error = junitError { _ = try reader.read("<testsuites><testsuite name=\"s\"><testcase name=\"a\"/>") }
        guard case .malformed? = error else { Issue.record("got \(String(describing: error))"); return }
    }

    @Test func documentShorterThanFourBytes_isMalformed() {
        let error = junitError { _ = try reader.read("<a>") }
        guard case .malformed(1, _, _)? = error else { Issue.record("got \(String(describing: error))"); return }
    }

    @Test func unclosedCDATA_isMalformed() {
        let xml = JUnitXML.suite("<testcase name=\"x\"><failure><![CDATA[boom</failure></testcase>")
        guard case .malformed? = junitError({ _ = try reader.read(xml) }) else { Issue.record("not malformed"); return }
    }

    @Test func mismatchedTag_namesTheProblem() {
        let error = junitError { _ = try reader.read("<testsuites>\n  <testsuite name=\"s\">\n  </testsuites>") }
        guard case let .malformed(line, _, reason)? = error else { Issue.record("not malformed"); return }
        #expect(line == 3)
        #expect(reason.contains("does not match"))
        #expect("\(error!)".hasPrefix("line 3, column "))
    }

    @Test func contentAfterTheRoot_isMalformed() {
        guard case .malformed? = junitError({ _ = try reader.read("<testsuites/><testsuites/>") }) else {
            Issue.record("not malformed")
            return
        }
    }

    @Test func undeclaredEntity_isMalformed() {
        let xml = JUnitXML.suite(JUnitXML.testcase("a", "<failure>&secret;</failure>"))
        guard case .malformed? = junitError({ _ = try reader.read(xml) }) else { Issue.record("not malformed"); return }
    }

    @Test func unboundNamespacePrefix_isMalformed() {
        let xml = "<testsuites><x:testsuite name=\"s\"><testcase name=\"a\"/></x:testsuite></testsuites>"
        guard case .malformed? = junitError({ _ = try reader.read(xml) }) else {
            Issue.record("not malformed")
            return
        }
    }

    @Test func relativeNamespaceURI_isOnlyAWarning() throws {
        let xml = "<testsuites xmlns=\"junit\"><testcase name=\"a\"/></testsuites>"
        #expect(try reader.read(xml).summary.testcases == 1)
    }

    @Test func wholeDocumentFedOneByteAtATime_isReadNormally() throws {
        let xml = JUnitXML.suite(JUnitXML.testcase("a", "<failure message=\"m\">t</failure>") + JUnitXML.testcase("b"))
        var statuses: [Status] = []
        _ = try reader.read(from: OneByteStream(Data(xml.utf8))) { statuses += $0.map(\.status) }
        #expect(statuses == [.failed, .passed])
    }

    @Test func invalidUTF8_isMalformed() {
        var data = Data("<testsuites><testsuite name=\"".utf8)
        data.append(contentsOf: [0xC3, 0x28, 0xFF])
        data.append(Data("\"/></testsuites>".utf8))
        guard case .malformed? = junitError({ _ = try reader.read(data: data) }) else { Issue.record("not malformed"); return }
    }

    @Test(arguments: ["", "   \n\t ", "\u{FEFF}", "\u{FEFF}  \n"])
    func emptyBody_isEmpty(_ body: String) {
        #expect(junitError { _ = try reader.read(body) } == .empty)
    }

    @Test(arguments: [
        Data("{\"results\": []}".utf8), Data("hello, world".utf8), Data([0x1F, 0x8B, 0x08, 0x00, 0x00]),
        Data("\u{FEFF}  passed: 3".utf8), Data([0x4C, 0x6F, 0xA7, 0x94, 0x93]), Data("x".utf8),
    ])
    func nonXMLBody_isNotXML(_ body: Data) {
        #expect(junitError { _ = try reader.read(data: body) } == .notXML)
    }

    @Test func binaryGarbageAfterAnAngleBracket_isMalformedNotACrash() {
        var data = Data("<".utf8)
        var state: UInt32 = 12345
        for _ in 0..<10_000 {
            state = state &* 1_103_515_245 &+ 12345
            data.append(UInt8(truncatingIfNeeded: state >> 16))
        }
        guard case .malformed? = junitError({ _ = try reader.read(data: data) }) else { Issue.record("not malformed"); return }
    }

    @Test func nestingDeeperThanTheLimit_isTooDeep() {
        let depth = 200
        let xml = String(repeating: "<testsuite name=\"s\">", count: depth) + String(repeating: "</testsuite>", count: depth)
        #expect(junitError { _ = try reader.read(xml) } == .tooDeep(limit: 64))
        let shallow = JUnitReader(options: .init(maxDepth: 300))
        #expect(throws: Never.self) { _ = try shallow.read(xml) }
    }

    @Test func errorThrownByEmit_stopsTheReadAndIsRethrown() {
        struct StoreFull: Error {}
        let cases = (0..<50).map { JUnitXML.testcase("t\($0)") }.joined()
        var calls = 0
        #expect(throws: StoreFull.self) {
            _ = try JUnitReader(options: .init(batchSize: 10)).read(data: Data(JUnitXML.suite(cases).utf8)) { _ in
                calls += 1
                throw StoreFull()
            }
        }
        #expect(calls == 1)
    }

    @Test func corruptCorpusFile_reportsWhereItBroke() throws {
        let corpus = try #require(JUnitCorpus.locate())
        let data = try corpus.data(of: "maven-surefire__action-junit-report__TEST-test.CorruptTest.xml")
        guard case let .malformed(line, _, _)? = junitError({ _ = try reader.read(data: data) }) else {
            Issue.record("not malformed")
            return
        }
        #expect(line >= 18)
    }
}
