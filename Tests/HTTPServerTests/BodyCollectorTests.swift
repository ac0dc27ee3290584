import Glibc
import Testing
@testable import HTTPServer

@Suite struct BodyCollectorTests {
    @Test func bodyUpToThreshold_staysInMemory() throws {
        var collector = BodyCollector(threshold: 10, directory: "/tmp", expectedLength: nil)
        try collector.append(Array("0123456789".utf8))
        guard case .bytes(let bytes) = collector.finish() else { Issue.record("expected bytes"); return }
        #expect(bytes == Array("0123456789".utf8))
    }

    @Test func bodyPastThreshold_movesToAFileWithAllBytes() throws {
        let directory = try TemporaryDirectory()
        var collector = BodyCollector(threshold: 10, directory: directory.path, expectedLength: nil)
        try collector.append(Array("01234".utf8))
        try collector.append(Array("56789".utf8))
        try collector.append(Array("abc".utf8))
        let body = collector.finish()
        guard case .file(let file) = body else { Issue.record("expected a file"); return }
        #expect(file.length == 13)
        #expect(try body.readAll() == Array("0123456789abc".utf8))
        #expect(directory.entries().count == 1)
        body.deleteSpoolFile()
        #expect(directory.entries().isEmpty)
    }

    @Test func discard_deletesTheSpoolFile() throws {
        let directory = try TemporaryDirectory()
        var collector = BodyCollector(threshold: 1, directory: directory.path, expectedLength: nil)
        try collector.append(Array("spooled".utf8))
        #expect(directory.entries().count == 1)
        collector.discard()
        #expect(directory.entries().isEmpty)
    }

    @Test func unwritableSpoolDirectory_isSpoolFailed() {
        var collector = BodyCollector(threshold: 1, directory: "/nonexistent-verdict-dir", expectedLength: nil)
        #expect(throws: HTTPError.spoolFailed(SystemError(call: "mkstemp", errno: ENOENT))) { try collector.append(Array("xy".utf8)) }
    }
}
