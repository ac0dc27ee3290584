import Foundation

/// Medians with their spread, as every figure of the bench is quoted.
struct Sample: Codable {
    var values: [Double]

    var sorted: [Double] { values.sorted() }
    var median: Double { percentile(50) }
    var min: Double { sorted.first ?? 0 }
    var max: Double { sorted.last ?? 0 }

    func percentile(_ p: Double) -> Double {
        let s = sorted
        guard !s.isEmpty else { return 0 }
        let rank = Swift.min(s.count - 1, Swift.max(0, Int((p / 100 * Double(s.count)).rounded(.up)) - 1))
        return s[rank]
    }

    /// `12,345 (11,900–12,700)`.
    func describe(_ format: (Double) -> String = { String(format: "%.0f", $0) }) -> String {
        values.count > 1 ? "\(format(median)) (\(format(min))–\(format(max)))" : format(median)
    }
}

/// One row of the printed table and the written results.
struct BenchRow: Codable {
    var name: String
    var value: String
    var note: String
}

enum BenchReport {
    static func write(_ rows: [BenchRow], title: String, to folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let width = rows.map(\.name.count).max() ?? 10
        let valueWidth = rows.map(\.value.count).max() ?? 10
        print("\n\(title)")
        for row in rows {
            print(row.name.padding(toLength: width + 2, withPad: " ", startingAt: 0)
                  + row.value.padding(toLength: valueWidth + 2, withPad: " ", startingAt: 0) + row.note)
        }
        let stem = title.lowercased().replacingOccurrences(of: " ", with: "-")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(rows).write(to: URL(fileURLWithPath: folder).appendingPathComponent("\(stem).json"))
        var markdown = "## \(title)\n\n| measure | value | note |\n|---|---|---|\n"
        for row in rows { markdown += "| \(row.name) | \(row.value) | \(row.note) |\n" }
        try markdown.write(toFile: folder + "/\(stem).md", atomically: true, encoding: .utf8)
    }
}
