import Foundation
import Reports
import Testing

@Suite struct ByteSourceTests {
    @Test func arraySource_handsOutItsBytesInOrder_thenZero() throws {
        let source = ByteArraySource(Array(0..<10))
        var buffer = [UInt8](repeating: 0, count: 4)
        var pieces: [[UInt8]] = []
        while case let count = try buffer.withUnsafeMutableBytes({ try source.read(into: $0) }), count > 0 {
            pieces.append(Array(buffer[..<count]))
        }
        #expect(pieces == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]])
    }

    @Test func fileSource_readsTheWholeFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("verdict-bytes-\(UUID().uuidString)").path
        defer { unlink(path) }
        let bytes = (0..<1_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(try FileByteSource(path: path).readAll() == bytes)
    }

    @Test func missingFile_namesOpenThePathAndErrno() {
        #expect(throws: ByteSourceError(call: "open /nonexistent/verdict.xml", errno: ENOENT)) {
            _ = try FileByteSource(path: "/nonexistent/verdict.xml")
        }
        #expect("\(ByteSourceError(call: "open /x", errno: ENOENT))" == "open /x: No such file or directory")
    }

    @Test func failingSource_isUnreadable_withTheCallAndErrno() {
        // A directory opens but cannot be read.
        let error = junitError { _ = try JUnitReader().read(from: FileByteSource(path: "/tmp")) { _ in } }
        #expect(error == .unreadable(reason: "read: Is a directory after 0 bytes"))
    }
}
