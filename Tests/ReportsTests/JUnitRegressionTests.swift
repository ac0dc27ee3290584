import Foundation
import Reports
import Testing

/// Inputs that once crashed the JUnit reader (libxml2 underneath), found by `Fuzz/` FuzzJUnit;
/// `Fuzz/Regressions/junit/` holds the same bytes for the fuzz target.
@Suite struct JUnitRegressionTests {
    static let document = #"<?xml version="1.0" encoding="ENC"?>"# + "\n" + #"<testsuite name="s"><testcase name="a"/></testsuite>"#

    static func encoded(_ declared: String, _ encoding: String.Encoding) -> Data {
        Self.document.replacingOccurrences(of: "ENC", with: declared).data(using: encoding)!
    }

    func refusal(_ data: Data) -> JUnitError? {
        do {
            _ = try JUnitReader().read(data: data)
            return nil
        } catch let error as JUnitError {
            return error
        } catch {
            return .unreadable(reason: "\(error)")
        }
    }

    /// The fuzzer's 44 bytes: UCS-4 units, a declaration naming UTF-16, cut short. libxml2's push
    /// parser dereferenced a null pointer and the server died (SIGSEGV) on this upload. (The cause,
    /// found later: the parser was halted from inside libxml2's error callback for a failed
    /// conversion; see `LibXML2PushParser`. UTF-32 stays refused all the same.)
    @Test func ucs4BytesDeclaringUTF16_areRefused_notACrash() {
        var bytes: [UInt8] = [0, 0, 0, 0x3C, 0]
        bytes += Array(#"?xml version="1.0" encoding="UTF-16"?>"#.utf8) + [0x0A]
        #expect(refusal(Data(bytes)) != nil)
    }

    @Test(arguments: [
        ("UTF-32", String.Encoding.utf32BigEndian), ("UTF-32", .utf32LittleEndian), ("UTF-32", .utf16LittleEndian),
        ("UCS-4", .utf16BigEndian), ("utf_32", .utf8), ("UTF-16", .utf32BigEndian),
    ] as [(String, String.Encoding)])
    func utf32_declaredOrSniffed_isRefusedWithAClearReason(_ declared: String, _ encoding: String.Encoding) {
        guard case .unreadable(let reason)? = refusal(Self.encoded(declared, encoding)) else {
            Issue.record("\(declared) in \(encoding) was not refused as unreadable")
            return
        }
        #expect(reason.contains("UTF-32"))
    }

    /// Bytes Shift_JIS cannot convert, inside an attribute value. With FoundationXML the reader
    /// halted libxml2 from its error callback, mid-conversion, and libxml2 2.9.14 crashed (SIGSEGV).
    @Test func failedConversionInAnAttribute_isMalformed_notACrash() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Fuzz/Regressions/junit/shift-jis-conversion-failure.xml")
        let bytes = Array(try Data(contentsOf: url))
        #expect(bytes.count == 90)
        guard case let .malformed(_, _, reason)? = refusal(Data(bytes)) else {
            Issue.record("not malformed")
            return
        }
        #expect(reason.contains("conversion"))
    }

    @Test(arguments: [("UTF-16", String.Encoding.utf16BigEndian), ("UTF-16", .utf16LittleEndian), ("UTF-8", .utf8)] as [(String, String.Encoding)])
    func utf8AndUTF16_areStillRead(_ declared: String, _ encoding: String.Encoding) throws {
        let (results, _) = try JUnitReader().read(data: Self.encoded(declared, encoding))
        #expect(results.map(\.test) == ["s::a"] || results.count == 1)
    }
}
