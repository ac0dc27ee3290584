import Foundation
import Reports
import Testing
import VerdictApp

/// Results reach `emit` in bounded batches while the document is still being read.
@Suite struct JUnitStreamingTests {
    @Test func results_areEmittedInBatchesOfTheConfiguredSize() throws {
        let xml = JUnitXML.suite((0..<1200).map { JUnitXML.testcase("t\($0)") }.joined())
        var sizes: [Int] = []
        let summary = try JUnitReader(options: .init(batchSize: 500)).read(data: Data(xml.utf8)) { sizes.append($0.count) }
        #expect(sizes == [500, 500, 200])
        #expect(summary.results == 1200)
    }

    @Test func largeResults_closeABatchEarly() throws {
        let output = String(repeating: "x", count: 1000)
        let xml = JUnitXML.suite((0..<10).map { JUnitXML.testcase("t\($0)", "<system-out>\(output)</system-out>") }.joined())
        var sizes: [Int] = []
        _ = try JUnitReader(options: .init(batchSize: 500, maxBatchBytes: 2500)).read(data: Data(xml.utf8)) { sizes.append($0.count) }
        #expect(sizes == [3, 3, 3, 1])
    }

    @Test func batches_areEmittedBeforeTheDocumentEnds() throws {
        let stream = SyntheticReportStream(cases: 5000, outputBytes: 100)
        var producedAtFirstBatch: Int?
        _ = try JUnitReader(options: .init(batchSize: 100)).read(from: stream) { _ in
            if producedAtFirstBatch == nil { producedAtFirstBatch = stream.bytesProduced }
        }
        let first = try #require(producedAtFirstBatch)
        #expect(first < stream.bytesProduced / 2)
    }

    @Test func fileStream_isReadLikeData() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("verdict-junit-\(UUID().uuidString).xml")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(JUnitXML.suite(JUnitXML.testcase("a") + JUnitXML.testcase("b", "<failure/>")).utf8).write(to: url)
        var statuses: [Status] = []
        _ = try JUnitReader().read(from: FileByteSource(path: url.path)) { statuses += $0.map(\.status) }
        #expect(statuses == [.passed, .failed])
    }

    /// A generous bound, not a benchmark: ~90 MB streamed through must not grow memory by
    /// anything near the input size (measured release figure: see docs/junit.md).
    @Test func memory_staysBoundedWhileStreaming() throws {
        let stream = SyntheticReportStream(cases: 24_000, outputBytes: 4000)
        let before = try #require(residentBytes())
        var peak = before
        let summary = try JUnitReader().read(from: stream) { _ in peak = max(peak, residentBytes() ?? 0) }
        #expect(summary.testcases == 24_000)
        #expect(stream.bytesProduced > 80 << 20)
        #expect(peak - before < 64 << 20, "grew by \((peak - before) >> 20) MiB for \(stream.bytesProduced >> 20) MiB")
    }
}
