import Reports

/// Parsed results waiting for their one transaction. Small uploads stay in memory; beyond
/// `memoryLimit` results they go to a temporary file as JSON lines, so a 200 MB report costs
/// disk, not memory, and is still stored all at once or not at all. The file has no name
/// (`TemporaryFile`), so it goes away with the spool, or with the process.
final class ResultSpool {
    private let memoryLimit: Int
    private let directory: String
    private var memory: [TestResult] = []
    private var file: TemporaryFile?
    private var buffer: [UInt8] = []
    private(set) var count = 0

    init(memoryLimit: Int = 5_000, directory: String = TemporaryFile.defaultDirectory) {
        self.memoryLimit = memoryLimit
        self.directory = directory
    }

    func append(_ results: [TestResult]) throws {
        count += results.count
        if file == nil && memory.count + results.count <= memoryLimit {
            memory += results
            return
        }
        if file == nil { file = try TemporaryFile(directory: directory, prefix: "verdict-spool") }
        for result in memory + results {
            JSONWriter.write(result.json, into: &buffer)
            buffer.append(0x0A)
        }
        memory.removeAll()
        if buffer.count > 1 << 20 { try flush() }
    }

    /// Hands the results back in batches of at most `size`, in the order they were appended.
    func forEachBatch(size: Int, _ body: ([TestResult]) throws -> Void) throws {
        guard let file else {
            for start in stride(from: 0, to: memory.count, by: size) { try body(Array(memory[start..<min(start + size, memory.count)])) }
            return
        }
        try flush()
        try file.rewind()
        var batch: [TestResult] = []
        var carry: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = try chunk.withUnsafeMutableBytes { try file.read(into: $0) }
            if count == 0 { break }
            carry += chunk[..<count]
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

    private func flush() throws {
        guard let file, !buffer.isEmpty else { return }
        try file.write(buffer)
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
