import Foundation
import HTTPServer
import Testing
import VerdictApp

@Suite struct FileByteSourceTests {
    @Test func fileSource_readsTheWholeFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("verdict-bytes-\(UUID().uuidString)").path
        defer { unlink(path) }
        let bytes = (0..<1_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(try FileByteSource(path: path).readAll() == bytes)
    }

    @Test func missingFile_namesOpenThePathAndErrno() {
        #expect(throws: SystemError(call: "open /nonexistent/verdict.xml", errno: ENOENT)) {
            _ = try FileByteSource(path: "/nonexistent/verdict.xml")
        }
        #expect("\(SystemError(call: "open /x", errno: ENOENT))" == "open /x: No such file or directory")
    }
}
