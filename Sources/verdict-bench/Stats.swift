import Foundation

/// Medians with their spread, as every figure of the bench is quoted.
struct Sample: Codable {
    var values: [Double]

    var sorted: [Double] { values.sorted() }
    var median: Double { percentile(50) }
    var min: Double { sorted.first ?? 0 }
    var max: Double { sorted.last ?? 0 }
    var isEmpty: Bool { values.isEmpty }

    /// Nearest-rank percentile.
    func percentile(_ p: Double) -> Double {
        let s = sorted
        guard !s.isEmpty else { return 0 }
        let rank = Swift.min(s.count - 1, Swift.max(0, Int((p / 100 * Double(s.count)).rounded(.up)) - 1))
        return s[rank]
    }

    /// `12,345 (11,900–12,700)`.
    func describe(_ format: (Double) -> String = Format.count) -> String {
        values.count > 1 ? "\(format(median)) (\(format(min))–\(format(max)))" : format(median)
    }

    /// Element-wise `self ÷ other`: the ratio of each interleaved pair of repetitions.
    func ratio(to other: Sample) -> Sample {
        Sample(values: zip(values, other.values).map { $1 == 0 ? 0 : $0 / $1 })
    }
}

/// How figures are written in the tables.
enum Format {
    static func count(_ v: Double) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.maximumFractionDigits = 0
        return formatter.string(from: NSNumber(value: v.rounded())) ?? String(format: "%.0f", v)
    }

    static func ms(_ v: Double) -> String { v < 10 ? String(format: "%.2f ms", v) : String(format: "%.1f ms", v) }
    static func mib(_ v: Double) -> String { String(format: "%.1f MiB", v) }
    static func ratio(_ v: Double) -> String { String(format: "%.2f", v) }
    static func percent(_ v: Double) -> String { String(format: "%.0f %%", v * 100) }
    static func seconds(_ v: Double) -> String { String(format: "%.2f s", v) }
}

/// A stated goal for one row. The bench reports whether it was met; it never fails on it.
struct Target: Codable {
    /// As the issue states it, e.g. `≥ 50 % of raw SQLite`.
    var goal: String
    /// nil when the figure could not be measured.
    var met: Bool?

    var verdict: String { met.map { $0 ? "met" : "MISSED" } ?? "not measured" }
}

/// One row of the printed table and the written results.
struct BenchRow: Codable {
    var name: String
    var value: String
    var note: String
    var target: Target?

    init(name: String, value: String, note: String = "", target: Target? = nil) {
        self.name = name
        self.value = value
        self.note = note
        self.target = target
    }

    /// A measurement that could not be made, with the reason (`n/a (endpoint missing)`).
    static func unavailable(_ name: String, _ reason: String, target: String? = nil) -> BenchRow {
        BenchRow(name: name, value: "n/a (\(reason))", target: target.map { Target(goal: $0, met: nil) })
    }
}

/// One benchmark's results: its rows, and the raw figures other benchmarks may use.
struct BenchSection: Codable {
    var title: String
    var rows: [BenchRow]
    /// Raw samples by name (for example `peak_rss_mib.16`), kept for the summary and later readers.
    var figures: [String: Sample] = [:]
    var quick: Bool = false
    var finishedAt: String = ISO8601DateFormatter().string(from: Date())
    /// `/proc/loadavg` when the section finished: how busy the shared machine was.
    var load: String = Machine.loadAverage
}

enum BenchReport {
    static func stem(of title: String) -> String {
        title.lowercased().replacingOccurrences(of: " ", with: "-")
    }

    /// Prints the section and writes `<stem>.json` and `<stem>.md` into `folder`.
    static func write(_ section: BenchSection, to folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        print("\n" + text(section))
        let stem = stem(of: section.title)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(section).write(to: URL(fileURLWithPath: folder).appendingPathComponent("\(stem).json"))
        try markdown(section).write(toFile: folder + "/\(stem).md", atomically: true, encoding: .utf8)
    }

    static func write(_ rows: [BenchRow], title: String, figures: [String: Sample] = [:], quick: Bool, to folder: String) throws {
        try write(BenchSection(title: title, rows: rows, figures: figures, quick: quick), to: folder)
    }

    static func read(title: String, from folder: String) -> BenchSection? {
        let url = URL(fileURLWithPath: folder).appendingPathComponent("\(stem(of: title)).json")
        guard let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode(BenchSection.self, from: data)
    }

    /// Aligned plain text for the terminal.
    static func text(_ section: BenchSection) -> String {
        let width = section.rows.map(\.name.count).max() ?? 10
        let valueWidth = section.rows.map(\.value.count).max() ?? 10
        var lines = [section.title + (section.quick ? " (BENCH_QUICK)" : "")]
        for row in section.rows {
            var line = row.name.padding(toLength: width + 2, withPad: " ", startingAt: 0)
                + row.value.padding(toLength: valueWidth + 2, withPad: " ", startingAt: 0) + row.note
            if let target = row.target { line += "  [target \(target.goal): \(target.verdict)]" }
            while line.hasSuffix(" ") { line.removeLast() }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    static func markdown(_ section: BenchSection, heading: String = "##") -> String {
        var markdown = "\(heading) \(section.title)\(section.quick ? " (BENCH_QUICK)" : "")\n\n| measure | value | note | target |\n|---|---|---|---|\n"
        for row in section.rows {
            let target = row.target.map { "\($0.goal): \($0.met == false ? "**missed**" : $0.verdict)" } ?? ""
            markdown += "| \(row.name) | \(row.value) | \(row.note) | \(target) |\n"
        }
        return markdown
    }
}
