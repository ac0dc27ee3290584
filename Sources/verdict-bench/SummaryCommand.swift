import ArgumentParser
import Foundation

/// Gathers every benchmark's section into one table with the machine, the command and the
/// targets: `summary.md` (for docs/performance.md and the README) and `summary.json`.
struct SummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "summary", abstract: "The whole table, the machine and the targets.")

    @OptionGroup var options: BenchOptions
    @Option(help: "The command that produced the results, as the table should quote it.") var command = "make bench"

    static let order = ["Ingest", "ReportPortal", "JUnit", "HTTP", "Queries", "Footprint"]

    func run() throws {
        let sections = Self.order.compactMap { BenchReport.read(title: $0, from: options.output) }
        let machine = Machine.description
        var markdown = "Measured \(ISO8601DateFormatter().string(from: Date())) with `\(command)` on \(machine).\n"
        markdown += "Medians of \(options.repetitions) interleaved repetitions, with min–max; ratios are taken per repetition, then their median.\n\n"
        for section in sections {
            markdown += BenchReport.markdown(section, heading: "###") + "\n_load average at the end: \(section.load)_\n\n"
        }
        let targets = sections.flatMap { section in section.rows.compactMap { row in row.target.map { (section.title, row, $0) } } }
        markdown += "### Targets\n\n"
        for (title, row, target) in targets {
            markdown += "- \(target.met == false ? "**missed**" : target.verdict): \(title) — \(row.name.trimmingCharacters(in: .whitespaces)) \(target.goal) (\(row.value))\n"
        }
        try markdown.write(toFile: "\(options.output)/summary.md", atomically: true, encoding: .utf8)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        struct Summary: Encodable { var machine: String; var command: String; var sections: [BenchSection] }
        try encoder.encode(Summary(machine: machine, command: command, sections: sections))
            .write(to: URL(fileURLWithPath: "\(options.output)/summary.json"))

        print("\n==== verdict bench: \(machine)")
        for section in sections { print("\n" + BenchReport.text(section)) }
        print("\nTargets (reported, not enforced):")
        for (title, row, target) in targets {
            print("  \(target.verdict.padding(toLength: 12, withPad: " ", startingAt: 0)) \(title): \(row.name.trimmingCharacters(in: .whitespaces)) \(target.goal) — \(row.value)")
        }
        print("\nwritten: \(options.output)/summary.md, \(options.output)/summary.json and one .json/.md per benchmark")
    }
}
