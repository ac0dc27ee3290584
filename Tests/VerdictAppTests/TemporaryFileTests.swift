import Glibc
import HTTPServer
import Reports
import Testing
@testable import VerdictApp

@Suite struct TemporaryFileTests {
    @Test func writtenBytes_readBackAfterRewind() throws {
        let file = try TemporaryFile(prefix: "verdict-test")
        let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        try file.write(bytes)
        try file.write([1, 2, 3])
        try file.rewind()
        var read: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while case let count = try chunk.withUnsafeMutableBytes({ try file.read(into: $0) }), count > 0 {
            read += chunk[..<count]
        }
        #expect(read == bytes + [1, 2, 3])
    }

    @Test func file_hasNoNameInItsDirectory() throws {
        let directory = try ScratchDirectory()
        let file = try TemporaryFile(directory: directory.path, prefix: "verdict-test")
        try file.write(Array("x".utf8))
        #expect(directory.entries().isEmpty)
    }

    @Test func missingDirectory_namesTheCallAndErrno() {
        #expect(throws: SystemError(call: "mkstemp /nonexistent-verdict-dir", errno: ENOENT)) {
            _ = try TemporaryFile(directory: "/nonexistent-verdict-dir", prefix: "x")
        }
    }

    @Test func spool_beyondItsMemoryLimit_givesBackEveryResultInOrder() throws {
        let directory = try ScratchDirectory()
        let spool = ResultSpool(memoryLimit: 10, directory: directory.path)
        let results = (0..<2500).map { TestResult(test: "t\($0)", status: $0 % 3 == 0 ? .failed : .passed) }
        for start in stride(from: 0, to: results.count, by: 100) { try spool.append(Array(results[start..<(start + 100)])) }
        #expect(directory.entries().isEmpty)
        var back: [TestResult] = []
        try spool.forEachBatch(size: 1000) { batch in
            #expect(batch.count <= 1000)
            back += batch
        }
        #expect(back.map(\.test) == results.map(\.test))
        #expect(back.map(\.status) == results.map(\.status))
    }
}

/// An empty directory of its own, removed (with what is in it) when the test ends.
final class ScratchDirectory {
    let path: String

    init() throws {
        var template = Array("/tmp/verdict-test-XXXXXX".utf8CString)
        guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
            throw SystemError(call: "mkdtemp", errno: errno)
        }
        path = String(cString: template)
    }

    deinit {
        for name in entries() { unlink("\(path)/\(name)") }
        rmdir(path)
    }

    func entries() -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
