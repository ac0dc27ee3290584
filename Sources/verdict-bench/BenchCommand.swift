import ArgumentParser

@main
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verdict-bench",
        abstract: "Measures Verdict against physical limits and peers. Prints a table; writes JSON and markdown.",
        subcommands: [IngestBench.self, FootprintBench.self]
    )
}

/// Options every benchmark shares.
struct BenchOptions: ParsableArguments {
    @Option(help: "The verdict binary to measure.") var verdict = ".build/release/verdict"
    @Option(help: "Repetitions of each measurement; medians are quoted with min–max.") var repetitions = 3
    @Option(help: "Folder for the JSON and markdown results.") var output = "bench/results"
}
