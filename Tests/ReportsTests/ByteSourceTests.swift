import Foundation
import Reports
import Testing
import VerdictApp

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

    @Test func failingSource_isUnreadable_withTheCallAndErrno() {
        // A directory opens but cannot be read.
        let error = junitError { _ = try JUnitReader().read(from: FileByteSource(path: "/tmp")) { _ in } }
        #expect(error == .unreadable(reason: "read: Is a directory after 0 bytes"))
    }
}
