import ArgumentParser

@main
struct VerdictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verdict",
        abstract: "A self-hosted test-results server: one binary, one SQLite file.",
        subcommands: [ServeCommand.self, MigrateCommand.self, TokenCommand.self, BackupCommand.self, PruneCommand.self],
        defaultSubcommand: nil
    )
}
