import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

@main
struct VerdictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verdict",
        abstract: "A self-hosted test-results server: one binary, one SQLite file.",
        subcommands: [ServeCommand.self, MigrateCommand.self, TokenCommand.self, PushCommand.self,
                      BackupCommand.self, PruneCommand.self],
        defaultSubcommand: nil
    )

    /// Usage errors exit 2, as shell tools do (swift-argument-parser's default is 64).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardErrorWrite(fullMessage(for: error) + "\n")
                _exit(2)
            }
            exit(withError: error)
        }
    }
}
