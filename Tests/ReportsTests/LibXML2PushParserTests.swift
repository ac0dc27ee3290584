import Foundation
@testable import Reports
import Testing

/// How libxml2's errors reach the caller: as `JUnitError.malformed` with libxml2's line and
/// column, and never as text on stderr.
@Suite(.serialized) struct LibXML2PushParserTests {
    @Test func mismatchedEndTag_isReportedWhereLibxml2GaveUp() {
        let xml = "<testsuites>\n  <testsuite name=\"s\">\n  </testsuites>"
        #expect(junitError { _ = try JUnitReader().read(xml) }
            == .malformed(line: 3, column: 16, reason: "closing tag does not match the opening tag"))
    }

    @Test func invalidCharacter_isReportedAtItsLineAndColumn() {
        let xml = "<testsuites>\n<testcase name=\"a\">\n<failure>x\u{1}</failure></testcase></testsuites>"
        #expect(junitError { _ = try JUnitReader().read(xml) }
            == .malformed(line: 3, column: 11, reason: LibXMLErrorCode.reason(9)))
    }

    @Test func errorFarIntoTheDocument_keepsCountingLinesAcrossChunks() {
        // About 40 chunks of 128 KiB before the error.
        let cases = String(repeating: "<testcase name=\"a\"><system-out>\(String(repeating: "x", count: 100))</system-out></testcase>\n", count: 40_000)
        let xml = "<testsuites>\n" + cases + "<testcase name=\"b\"></testsuites>"
        guard case let .malformed(line, _, reason)? = junitError({ _ = try JUnitReader().read(xml) }) else {
            Issue.record("not malformed")
            return
        }
        #expect(line == 40_002)
        #expect(reason == "closing tag does not match the opening tag")
    }

    @Test func errorInTheFirstFourBytes_isAtLineOne() {
        #expect(junitError { _ = try JUnitReader().read("<a>") } == .malformed(line: 1, column: 4, reason: LibXMLErrorCode.reason(5)))
    }

    @Test func ampersandsInAttributes_areOneAmpersand() throws {
        let xml = JUnitXML.suite(JUnitXML.testcase("a&amp;b &#38; c &amp;#38; d&amp;amp;"))
        #expect(try results(of: xml).first?.attributes["junit.name"] == "a&b & c &#38; d&amp;")
    }

    @Test func piTargetStartingWithXML_isOnlyAWarning() throws {
        let xml = "<?xml version=\"1.0\"?><?xml-coverage report?><testsuites><testcase name=\"a\"/></testsuites>"
        #expect(try JUnitReader().read(xml).summary.testcases == 1)
    }

    @Test func xmlDeclarationAfterTheStart_isMalformed() {
        let xml = "<testsuites/><?xml version=\"1.0\"?>"
        guard case .malformed? = junitError({ _ = try JUnitReader().read(xml) }) else {
            Issue.record("not malformed")
            return
        }
    }

    /// Bodies that once made libxml2 print through its default handlers: conversion failures,
    /// encoder errors, unknown encodings, invalid UTF-8 and UTF-16.
    @Test func badEncodings_printNothingOnStderr() throws {
        let bodies: [[UInt8]] = [
            Array("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><testsuites><testcase name=\"".utf8) + [0x82, 0xFF, 0xFF, 0x81] + Array("\"/></testsuites>".utf8),
            Array("<?xml version=\"1.0\" encoding=\"EUC-JP\"?><testsuites>".utf8) + [0x8E, 0xFF, 0xA1] + Array("</testsuites>".utf8),
            Array("<?xml version=\"1.0\" encoding=\"x-no-such-charset\"?><testsuites/>".utf8),
            Array("<testsuites><testcase name=\"".utf8) + [0xC3, 0x28, 0xE2, 0x82] + Array("\"/></testsuites>".utf8),
            [0xFF, 0xFE] + Array("<testsuites>".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }) + [0x00, 0xD8, 0x41, 0x00],
            Array("<?xml version=\"1.0\" encoding=\"UTF-16\"?><testsuites/>".utf8),
        ]
        let written = try capturingStderr {
            for body in bodies {
                #expect(throws: JUnitError.self) { _ = try JUnitReader().read(bytes: body) }
            }
        }
        #expect(String(decoding: written, as: UTF8.self) == "")
    }
}

/// What the process wrote to file descriptor 2 while `body` ran.
func capturingStderr(_ body: () throws -> Void) throws -> [UInt8] {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("verdict-stderr-\(UUID().uuidString)").path
    defer { unlink(path) }
    let capture = open(path, O_RDWR | O_CREAT | O_TRUNC, 0o600)
    guard capture >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    defer { close(capture) }
    fflush(nil)
    let saved = dup(2)
    dup2(capture, 2)
    defer {
        fflush(nil)
        dup2(saved, 2)
        close(saved)
    }
    try body()
    fflush(nil)
    return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
}
