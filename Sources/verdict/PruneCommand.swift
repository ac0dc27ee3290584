import ArgumentParser
import Store
import VerdictApp

struct PruneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Delete finished runs older than a number of days, with their results, then reclaim space.",
        discussion: """
            Deletes in small transactions, so it is safe while the server runs and ingest goes on. \
            'serve --retain-days N' does the same every hour. Databases created by this version \
            give freed pages back to the file system as they go; an older one keeps them for reuse \
            until 'prune --vacuum' rewrites it (which blocks writes while it runs).
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Keep runs created within this many days.")
    var olderThanDays: Double

    @Option(help: "Rows deleted per transaction.")
    var batchSize = 500

    @Flag(help: "Afterwards rewrite the whole file without free pages (blocks writes while it runs).")
    var vacuum = false

    func validate() throws {
        guard olderThanDays >= 0 else { throw ValidationError("--older-than-days must not be negative") }
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
    }

    func run() throws {
        let store = try database.openStore()
        let now = SystemClock().nowMs()
        let cutoff = now - Int64(olderThanDays * 86_400_000)
        let report: PruneReport
        do {
            report = try store.prune(createdBefore: cutoff, batchSize: batchSize, now: now)
        } catch {
            store.close()
            throw CLIError("prune failed: \(error)")
        }
        store.close()
        print("pruned \(report.runsDeleted) runs and \(report.rowsDeleted) rows in \(report.steps) transactions; "
              + "reclaimed \(report.pagesReclaimed) pages, \(report.freePagesLeft) free pages left")
        if vacuum {
            try Store.vacuum(databaseAt: database.db)
            print("vacuumed \(database.db)")
        }
    }
}
