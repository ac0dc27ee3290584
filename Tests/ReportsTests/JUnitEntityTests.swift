import Foundation
import Reports
import Testing

/// XXE and entity-expansion bombs: any DTD that could declare an entity is refused before
/// libxml2 sees it, so no file or URL is read and nothing is expanded.
@Suite struct JUnitEntityTests {
    let reader = JUnitReader()

    /// A temporary file whose content must never show up in anything the reader returns.
    private func secretFile() throws -> (url: URL, secret: String) {
        let secret = "VERDICT-SECRET-\(UUID().uuidString)"
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("verdict-xxe-\(UUID().uuidString).txt")
        try Data(secret.utf8).write(to: url)
        return (url, secret)
    }

    @Test func externalEntityToALocalFile_isRefusedAndNeverRead() throws {
        let (url, secret) = try secretFile()
        defer { try? FileManager.default.removeItem(at: url) }
        let xml = """
        <?xml version="1.0"?>
        <!DOCTYPE testsuites [<!ENTITY xxe SYSTEM "\(url.absoluteString)">]>
        <testsuites><testsuite name="&xxe;"><testcase name="&xxe;"><failure message="&xxe;">&xxe;</failure></testcase></testsuite></testsuites>
        """
        var emitted: [TestResult] = []
        let error = junitError { _ = try reader.read(data: Data(xml.utf8)) { emitted += $0 } }
        #expect(error == .forbiddenDoctype)
        #expect(emitted.isEmpty)
        #expect(!"\(String(describing: error))".contains(secret))
    }

    @Test func externalDTD_isRefused() throws {
        let (url, _) = try secretFile()
        defer { try? FileManager.default.removeItem(at: url) }
        let xml = "<?xml version=\"1.0\"?><!DOCTYPE testsuites SYSTEM \"\(url.absoluteString)\"><testsuites/>"
        #expect(junitError { _ = try reader.read(xml) } == .forbiddenDoctype)
        let publicID = "<!DOCTYPE testsuites PUBLIC \"-//X//Y\" \"http://127.0.0.1:9/x.dtd\"><testsuites/>"
        #expect(junitError { _ = try reader.read(publicID) } == .forbiddenDoctype)
    }

    @Test func parameterEntityFetchingAURL_isRefused() {
        let xml = """
        <!DOCTYPE r [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]>
        <testsuites/>
        """
        #expect(junitError { _ = try reader.read(xml) } == .forbiddenDoctype)
    }

    @Test func billionLaughs_isRefusedBeforeExpansion() {
        var xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n"
        for level in 1...9 {
            let previous = level == 1 ? "lol" : "lol\(level - 1)"
            xml += " <!ENTITY lol\(level) \"" + String(repeating: "&\(previous);", count: 10) + "\">\n"
        }
        xml += "]>\n<testsuites><testsuite name=\"&lol9;\"><testcase name=\"&lol9;\"/></testsuite></testsuites>"
        #expect(junitError { _ = try reader.read(xml) } == .forbiddenDoctype)
    }

    @Test func quadraticBlowup_isRefused() {
        let big = String(repeating: "a", count: 50_000)
        let xml = "<!DOCTYPE t [<!ENTITY a \"\(big)\">]><testsuites><testsuite name=\""
            + String(repeating: "&a;", count: 50_000) + "\"/></testsuites>"
        #expect(junitError { _ = try reader.read(xml) } == .forbiddenDoctype)
    }

    @Test func doctypeAfterACommentLongerThanAParserChunk_isStillRefused() {
        let comment = "<!--" + String(repeating: "x", count: 300_000) + "-->"
        let xml = "<?xml version=\"1.0\"?>" + comment + "<!DOCTYPE t [<!ENTITY e \"boom\">]><testsuites/>"
        #expect(junitError { _ = try reader.read(xml) } == .forbiddenDoctype)
    }

    @Test func doctypeInUTF16_isRefused() {
        var data = Data([0xFF, 0xFE])
        data.append("<!DOCTYPE t [<!ENTITY e \"boom\">]><testsuites/>".data(using: .utf16LittleEndian)!)
        #expect(junitError { _ = try reader.read(data: data) } == .forbiddenDoctype)
    }

    @Test func doctypeInUTF32_isRefused() {
        var data = Data([0xFF, 0xFE, 0x00, 0x00])
        data.append("<!DOCTYPE t [<!ENTITY e \"boom\">]><testsuites/>".data(using: .utf32LittleEndian)!)
        #expect(junitError { _ = try reader.read(data: data) } == .forbiddenDoctype)
    }

    @Test func doctypeFedOneByteAtATime_isRefused() {
        let xml = "<?xml version=\"1.0\"?><!DOCTYPE t [<!ENTITY e \"boom\">]><testsuites>&e;</testsuites>"
        #expect(junitError { _ = try reader.read(from: OneByteStream(Data(xml.utf8))) { _ in } } == .forbiddenDoctype)
    }

    @Test func doctypeTextInsideAComment_isHarmless() throws {
        let xml = "<!-- <!DOCTYPE t [<!ENTITY e 'x'>] --><testsuites><testcase name=\"a\"/></testsuites>"
        #expect(try reader.read(xml).summary.testcases == 1)
    }

    @Test func bareDoctypeWithoutDeclarations_isAccepted() throws {
        let xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE testsuites>\n<testsuites><testcase name=\"a\"/></testsuites>"
        #expect(try reader.read(xml).summary.testcases == 1)
    }

    @Test func predefinedAndCharacterReferences_areResolved() throws {
        let xml = JUnitXML.suite(JUnitXML.testcase("a&amp;b&#x263A;&#65;", "<failure message=\"&lt;1&gt; &quot;q&quot;\"/>"))
        let result = try #require(try results(of: xml).first)
        #expect(result.attributes["junit.name"] == "a&b☺A")
        #expect(result.message == "<1> \"q\"")
    }
}

/// Hands out one byte per read, as a slow network body might.
final class OneByteStream: ByteSource {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ data: Data) {
        bytes = Array(data)
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard offset < bytes.count, buffer.count > 0 else { return 0 }
        buffer[0] = bytes[offset]
        offset += 1
        return 1
    }
}
