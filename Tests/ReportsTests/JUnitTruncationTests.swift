import Foundation
import Reports
import Testing

/// Output, traces, messages and properties are cut at their limits with a marker, so one huge
/// case costs a bounded amount of memory and storage.
@Suite struct JUnitTruncationTests {
    @Test func outputOverTheLimit_isCutWithAMarkerCountingTheDroppedBytes() throws {
        let log = String(repeating: "0123456789", count: 100)
        let xml = JUnitXML.suite(JUnitXML.testcase("a", "<system-out>\(log)</system-out>"))
        let (results, summary) = try JUnitReader(options: .init(maxOutputBytes: 64)).read(xml)
        #expect(results[0].output == String(log.prefix(64)) + "\n… [truncated 936 bytes]")
        #expect(summary.truncatedCases == 1)
    }

    @Test func cut_neverSplitsAMultiByteCharacter() throws {
        let xml = JUnitXML.suite(JUnitXML.testcase("a", "<system-out>ab€€</system-out>"))  // € is 3 bytes
        let output = try #require(try results(of: xml, options: .init(maxOutputBytes: 4)).first?.output)
        #expect(output == "ab\n… [truncated 6 bytes]")
    }

    @Test func outputUnderTheLimit_isKeptWhole() throws {
        let xml = JUnitXML.suite(JUnitXML.testcase("a", "<system-out><![CDATA[line <1>\n]]>tail &amp; more</system-out>"))
        #expect(try results(of: xml).first?.output == "line <1>\ntail & more")
    }

    @Test func stdoutAndStderr_areJoinedWithAHeader() throws {
        let xml = JUnitXML.suite(JUnitXML.testcase("a", "<system-out>out</system-out><system-err>err</system-err>")
            + JUnitXML.testcase("b", "<system-err>only err</system-err>")
            + JUnitXML.testcase("c", "<system-out></system-out><system-err>e</system-err>"))
        let outputs = try results(of: xml).map(\.output)
        #expect(outputs == ["out\n--- system-err ---\nerr", "--- system-err ---\nonly err", "--- system-err ---\ne"])
    }

    @Test func stdoutAndStderr_shareOneLimit() throws {
        let xml = JUnitXML.suite(JUnitXML.testcase("a", "<system-out>12345</system-out><system-err>abcdef</system-err>"))
        let output = try #require(try results(of: xml, options: .init(maxOutputBytes: 10)).first?.output)
        #expect(output.hasPrefix("12345\n---"))
        #expect(output.hasSuffix("[truncated \(5 + 20 + 6 - 10) bytes]"))
    }

    @Test func traceAndMessage_areCutAtTheirOwnLimits() throws {
        let xml = JUnitXML.suite(JUnitXML.testcase("a", "<failure message=\"\(String(repeating: "m", count: 50))\">\(String(repeating: "t", count: 50))</failure>"))
        let result = try #require(try results(of: xml, options: .init(maxTraceBytes: 10, maxMessageBytes: 20)).first)
        #expect(result.trace == String(repeating: "t", count: 10) + "\n… [truncated 40 bytes]")
        #expect(result.message == String(repeating: "m", count: 20) + "\n… [truncated 30 bytes]")
    }

    @Test func properties_areLimitedInNumberAndSize() throws {
        let properties = (0..<10).map { "<property name=\"p\($0)\" value=\"\(String(repeating: "v", count: 30))\"/>" }.joined()
        let xml = JUnitXML.suite("<properties>\(properties)</properties>" + JUnitXML.testcase("a"))
        let result = try #require(try results(of: xml, options: .init(maxProperties: 3, maxPropertyValueBytes: 5)).first)
        let names = result.attributes.keys.filter { !$0.hasPrefix("junit.") }.sorted()
        #expect(names == ["p0", "p1", "p2"])
        #expect(result.attributes["p0"] == "vvvvv\n… [truncated 25 bytes]")
    }

    @Test func hugeOutput_isStreamedPastNotKept() throws {
        let chunk = String(repeating: "x", count: 1 << 20)
        var data = Data("<testsuite><testcase name=\"a\"><system-out>".utf8)
        for _ in 0..<20 { data.append(Data(chunk.utf8)) }
        data.append(Data("</system-out></testcase></testsuite>".utf8))
        let result = try #require(try JUnitReader().read(data: data).results.first)
        #expect(result.output?.utf8.count ?? 0 < (64 << 10) + 64)
        #expect(result.output?.hasSuffix("[truncated \(20 * (1 << 20) - (64 << 10)) bytes]") == true)
    }
}
