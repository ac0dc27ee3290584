import ArgumentParser
import Reports
import Store
import VerdictApp

struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Create, list and revoke API tokens (stored only as hashes).",
        subcommands: [Create.self, List.self, Revoke.self]
    )

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a token and print it once.")

        @OptionGroup var database: DatabaseOptions

        @Option(help: "Limit the token to this project (default: every project).")
        var project: String?

        @Flag(help: "A read-only token (for --private servers).")
        var read = false

        @Option(help: "A name to recognise the token by in 'token list'.")
        var name: String = "token"

        func run() throws {
            let store = try database.openStore()
            defer { store.close() }
            let token = Tokens.generate()
            let hash = Tokens.hash(token)
            let (project, read, name) = (project, read, name)
            let id = try store.write(now: SystemClock().nowMs()) { try $0.createToken(name: name, hash: hash, project: project, canWrite: !read) }
            print(token)
            FileHandle.standardErrorWrite("token \(id) created (\(read ? "read-only" : "read and write"), \(project.map { "project \($0)" } ?? "every project")); it is shown only this once.\n")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (never their values).")

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let store = try database.openStore()
            defer { store.close() }
            print("id\tname\tproject\taccess\tcreated\trevoked")
            for token in try store.tokens() {
                print([String(token.id), token.name, token.project ?? "*", token.canWrite ? "write" : "read",
                       Timestamp.format(token.createdAt), token.revokedAt.map(Timestamp.format) ?? "-"].joined(separator: "\t"))
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by its id (see 'token list').")

        @OptionGroup var database: DatabaseOptions

        @Argument(help: "The token's id.")
        var id: Int64

        func run() throws {
            let store = try database.openStore()
            defer { store.close() }
            let id = id
            guard try store.write(now: SystemClock().nowMs(), { try $0.revokeToken(id: id) }) else {
                throw CLIError("no live token with id \(id); see 'verdict token list'")
            }
            print("token \(id) revoked")
        }
    }
}
