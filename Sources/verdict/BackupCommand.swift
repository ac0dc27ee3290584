import ArgumentParser
import Store
#if canImport(Glibc)
import Glibc
#endif

struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the database to FILE, safely while the server runs (SQLite online backup).",
        discussion: """
            The copy is one consistent snapshot, taken without stopping ingest. It is checked and \
            then renamed into place, so FILE is either a complete, sound database or absent. \
            Restore by stopping the server and putting FILE in place of the database.
            """
    )

    @Option(name: .long, help: "The SQLite database file to copy.")
    var db: String = "verdict.db"

    @Flag(help: "Replace FILE if it exists.")
    var force = false

    @Argument(help: "Where to write the copy.")
    var file: String

    func run() throws {
        if !force, access(file, F_OK) == 0 {
            throw CLIError("\(file) already exists; choose another name or pass --force")
        }
        do {
            let report = try Store.backup(databaseAt: db, to: file)
            print("backed up \(db) to \(file): \(report.pages) pages, \(report.bytes) bytes, check \(report.check)")
        } catch {
            throw CLIError("backup of '\(db)' to '\(file)' failed: \(error)")
        }
    }
}
