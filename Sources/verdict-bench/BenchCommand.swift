import ArgumentParser
import Foundation

@main
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verdict-bench",
        abstract: "Measures Verdict against physical limits and peers. Prints a table; writes JSON and markdown.",
        discussion: """
            Every comparison is a ratio of A and B measured in the same run, interleaved, over several
            repetitions; figures are medians with min–max. Targets are reported, never enforced.
            """,
        subcommands: [
            IngestBench.self, ReportPortalBench.self, JUnitBench.self, HTTPBench.self, QueriesBench.self,
            FootprintBench.self, SummaryCommand.self,
        ]
    )
}

/// Options every benchmark shares.
struct BenchOptions: ParsableArguments {
    @Option(help: "The verdict binary to measure.") var verdict = ".build/release/verdict"
    @Option(help: "Repetitions of each measurement; medians are quoted with min–max.") var repetitions = 3
    @Option(help: "Folder for the JSON and markdown results.") var output = "bench/results"
    @Option(help: "Folder for generated inputs kept between runs (reports, databases, virtualenv).") var cache = "bench/cache"
    @Flag(help: "Shorter measurements (also BENCH_QUICK=1).") var quick = false
    @Option(help: "Extra arguments for every verdict serve, e.g. \"--durability normal\".") var serveArguments = ""

    var isQuick: Bool { quick || ProcessInfo.processInfo.environment["BENCH_QUICK"].map { !$0.isEmpty && $0 != "0" } == true }
}

extension BenchOptions {
    /// `verdict serve` with the extra arguments, on a fresh database or on `database`.
    func startServer(database: String? = nil) throws -> ServerUnderTest {
        try ServerUnderTest(binary: verdict, arguments: serveArguments.split(separator: " ").map(String.init), database: database)
    }
}
