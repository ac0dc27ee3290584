import Foundation
import Reports
import Testing

/// Encodings declared in the prolog or marked by a BOM are decoded by libxml2; the reader sees
/// UTF-8 either way.
@Suite struct JUnitEncodingTests {
    private func name(of data: Data) throws -> String? {
        try JUnitReader().read(data: data).results.first?.attributes["junit.name"]
    }

    private func document(encoding: String) -> String {
        "<?xml version=\"1.0\" encoding=\"\(encoding)\"?><testsuite name=\"s\"><testcase classname=\"c\" name=\"café €\"/></testsuite>"
    }

    @Test func iso88591Declared_isDecoded() throws {
        let xml = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><testsuite><testcase name=\"café ü\"/></testsuite>"
        let data = try #require(xml.data(using: .isoLatin1))
        #expect(data.contains(0xE9))
        #expect(try name(of: data) == "café ü")
    }

    @Test func windows1252Declared_isDecoded() throws {
        let data = try #require(document(encoding: "windows-1252").data(using: .windowsCP1252))
        #expect(data.contains(0x80))  // € in CP1252
        #expect(try name(of: data) == "café €")
    }

    @Test func utf16LittleEndianWithBOM_isDecoded() throws {
        var data = Data([0xFF, 0xFE])
        data.append(document(encoding: "UTF-16").data(using: .utf16LittleEndian)!)
        #expect(try name(of: data) == "café €")
    }

    @Test func utf16BigEndianWithBOM_isDecoded() throws {
        var data = Data([0xFE, 0xFF])
        data.append(document(encoding: "UTF-16").data(using: .utf16BigEndian)!)
        #expect(try name(of: data) == "café €")
    }

    @Test func utf8WithBOM_isDecoded() throws {
        var data = Data([0xEF, 0xBB, 0xBF])
        data.append(Data(document(encoding: "UTF-8").utf8))
        #expect(try name(of: data) == "café €")
    }

    @Test func unknownDeclaredEncoding_isMalformedNotACrash() {
        let error = junitError { _ = try JUnitReader().read(document(encoding: "x-no-such-charset")) }
        guard case .malformed? = error else {
            Issue.record("got \(String(describing: error))")
            return
        }
    }

    @Test func outputWithCRLF_isNormalisedToLF() throws {
        let xml = JUnitXML.suite(JUnitXML.testcase("a", "<system-out>one\r\ntwo\r\n</system-out>"))
        #expect(try results(of: xml).first?.output == "one\ntwo\n")
    }
}
