import ArgumentParser
import Store
import VerdictApp

/// `--db`, shared by every command that opens the database.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "The SQLite database file (created if missing).")
    var db: String = "verdict.db"

    @Option(name: .long, help: "full: every commit is fsynced (survives power loss); normal: survives a crash of the server only.")
    var durability: String = "full"

    func storeOptions() throws -> StoreOptions {
        var options = StoreOptions()
        guard let durability = StoreOptions.Durability(rawValue: durability) else {
            throw ValidationError("--durability must be 'full' or 'normal'")
        }
        options.durability = durability
        return options
    }

    /// Opens the store, applying pending migrations, with an error that says what to do.
    func openStore(options: StoreOptions? = nil) throws -> Store {
        do {
            return try Store(path: db, migrations: shippedMigrations, options: options ?? storeOptions(), now: SystemClock().nowMs())
        } catch {
            throw CLIError("cannot open the database '\(db)': \(error). Check the path and its permissions, or pass --db FILE.")
        }
    }
}

/// A message for the user, printed without a stack of type names.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
