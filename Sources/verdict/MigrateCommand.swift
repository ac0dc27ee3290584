import ArgumentParser
import VerdictApp

struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create the database or bring its schema up to date (serve does this too)."
    )

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let store = try database.openStore()
        defer { store.close() }
        if store.appliedMigrations.isEmpty {
            print("The schema of \(database.db) is up to date (version \(shippedMigrations.last?.version ?? 0)).")
        } else {
            for migration in store.appliedMigrations { print("applied \(migration.version) \(migration.name)") }
        }
    }
}
