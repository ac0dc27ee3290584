import Foundation
import Reports

/// Parsed results waiting for their one transaction. Small uploads stay in memory; beyond
/// `memoryLimit` results they go to a temporary file as JSON lines, so a 200 MB report costs
/// disk, not memory, and is still stored all at once or not at all.
final class ResultSpool {
    private let memoryLimit: Int
    private let directory: String
    private var memory: [TestResult] = []
    private var file: FileHandle?
    private var path: String?
    private var buffer: [UInt8] = []
    private(set) var count = 0

    init(memoryLimit: Int = 5_000, directory: String = NSTemporaryDirectory()) {
        self.memoryLimit = memoryLimit
        self.directory = directory
    }

    deinit {
        try? file?.close()
        if let path { try? FileManager.default.removeItem(atPath: path) }
    }

    func append(_ results: [TestResult]) throws {
        count += results.count
        if file == nil && memory.count + results.count <= memoryLimit {
            memory += results
            return
        }
        if file == nil { try openFile() }
        for result in memory + results {
            JSONWriter.write(result.json, into: &buffer)
            buffer.append(0x0A)
        }
        memory.removeAll()
        if buffer.count > 1 << 20 { try flush() }
    }

    /// Hands the results back in batches of at most `size`, in the order they were appended.
    func forEachBatch(size: Int, _ body: ([TestResult]) throws -> Void) throws {
        guard let path else {
            for start in stride(from: 0, to: memory.count, by: size) { try body(Array(memory[start..<min(start + size, memory.count)])) }
            return
        }
        try flush()
        guard let reader = FileHandle(forReadingAtPath: path) else { throw CocoaError(.fileReadNoSuchFile) }
        defer { try? reader.close() }
        var batch: [TestResult] = []
        var carry: [UInt8] = []
        while let chunk = try reader.read(upToCount: 1 << 20), !chunk.isEmpty {
            carry += chunk
            var lineStart = 0
            for (i, byte) in carry.enumerated() where byte == 0x0A {
                batch.append(try TestResult(json: JSONParser.parse(Array(carry[lineStart..<i])), limits: .unlimited))
                lineStart = i + 1
                if batch.count == size { try body(batch); batch.removeAll(keepingCapacity: true) }
            }
            carry.removeFirst(lineStart)
        }
        if !batch.isEmpty { try body(batch) }
    }

    private func openFile() throws {
        let path = (directory as NSString).appendingPathComponent("verdict-spool-\(UUID().uuidString).jsonl")
        guard FileManager.default.createFile(atPath: path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
        self.path = path
        file = FileHandle(forWritingAtPath: path)
    }

    private func flush() throws {
        guard let file, !buffer.isEmpty else { return }
        try file.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

extension NativeLimits {
    /// For results Verdict wrote itself: already cut and checked.
    static var unlimited: NativeLimits {
        var limits = NativeLimits()
        limits.maxTestKeyBytes = .max
        limits.maxMessageBytes = .max
        limits.maxTraceBytes = .max
        limits.maxOutputBytes = .max
        return limits
    }
}
