import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import Reports
import Testing

/// Long CDATA sections are split into adjacent sections that carry exactly the same characters.
@Suite struct CDATASplitterTests {
    private func split(_ text: String, limit: Int, chunk: Int = 5) -> String {
        var splitter = CDATASplitter(limit: limit)
        splitter.enabled = true
        var output: [UInt8] = []
        let bytes = Array(text.utf8)
        for start in stride(from: 0, to: bytes.count, by: chunk) {
            bytes[start..<min(start + chunk, bytes.count)].withUnsafeBufferPointer { splitter.process($0, into: &output) }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The character data of the root element as libxml2 reports it.
    private final class Collector: NSObject, XMLParserDelegate {
        var text = ""
        var failed = false
        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) { text += String(decoding: CDATABlock, as: UTF8.self) }
        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
        func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) { failed = true }
    }

    private func characters(of xml: String) -> String? {
        let parser = XMLParser(data: Data(xml.utf8))
        let collector = Collector()
        parser.delegate = collector
        _ = parser.parse()
        return collector.failed ? nil : collector.text
    }

    @Test func shortSections_areLeftAlone() {
        let xml = "<r><![CDATA[short]]></r>"
        #expect(split(xml, limit: 100) == xml)
    }

    @Test func longSection_isSplitAndKeepsItsCharacters() {
        let content = "abcdefghij€€€😀]]] >]] > x]"
        let xml = "<r><![CDATA[" + String(repeating: content, count: 20) + "]]></r>"
        let rewritten = split(xml, limit: 7)
        #expect(rewritten.components(separatedBy: "]]><![CDATA[").count > 10)
        #expect(characters(of: rewritten) == characters(of: xml))
        #expect(characters(of: xml) != nil)
    }

    @Test func randomContent_survivesSplittingAtEveryLimit() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "é", "€", "😀", "]", "]]", ">", "\n", "<", "&"]
        for limit in 1...12 {
            var content = (0..<300).map { _ in pieces.randomElement(using: &generator)! }.joined()
            while content.contains("]]>") { content = content.replacingOccurrences(of: "]]>", with: "]>") }
            let xml = "<r>x<![CDATA[\(content)]]>y</r>"
            #expect(characters(of: split(xml, limit: limit, chunk: limit + 2)) == characters(of: xml), "limit \(limit)")
        }
    }

    @Test func cdataLookalikesInCommentsAndInstructions_areNotSplit() {
        let xml = "<r><!-- <![CDATA[ \(String(repeating: "c", count: 50)) --><?pi <![CDATA[ \(String(repeating: "p", count: 50)) ?></r>"
        #expect(split(xml, limit: 5) == xml)
    }

    @Test func disabledSplitter_copiesBytes() {
        var splitter = CDATASplitter(limit: 1)
        var output: [UInt8] = []
        let bytes = Array("<r><![CDATA[abcdef]]></r>".utf8)
        bytes.withUnsafeBufferPointer { splitter.process($0, into: &output) }
        #expect(output == bytes)
    }

    @Test func reader_acceptsCDATAOutputLongerThanLibxml2sLimit() throws {
        let line = String(repeating: "z", count: 99) + "\n"
        var data = Data("<testsuite><testcase name=\"a\"><system-out><![CDATA[".utf8)
        let block = Data(String(repeating: line, count: 1000).utf8)
        for _ in 0..<120 { data.append(block) }  // 12 MB in one section
        data.append(Data("]]></system-out></testcase></testsuite>".utf8))
        let (results, _) = try JUnitReader(options: .init(maxOutputBytes: 1000)).read(data: data)
        #expect(results.first?.output?.hasPrefix(String(line.prefix(1000))) == true)
        #expect(results.first?.output?.hasSuffix("[truncated \(12_000_000 - 1000) bytes]") == true)
    }

    @Test(arguments: [
        ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><r/>", true), ("<r/>", true),
        ("<?xml version='1.0' encoding='ISO-8859-1'?><r/>", true), ("<?xml version=\"1.0\" encoding=\"windows-1252\"?><r/>", true),
        ("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><r/>", false), ("<?xml version=\"1.0\" encoding=\"GBK\"?><r/>", false),
    ])
    func splitting_isOnlyEnabledForByteTransparentEncodings(_ xml: String, _ transparent: Bool) {
        var scanner = PrologScanner()
        #expect(scanner.feed(Array(xml.utf8)) == .done)
        #expect(scanner.isByteTransparent == transparent)
    }
}
