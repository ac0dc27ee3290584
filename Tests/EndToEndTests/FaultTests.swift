import CSQLite
import Foundation
import Reports
import Store
import Testing
import VerdictApp
#if canImport(Glibc)
import Glibc
#endif

/// Faults around the server: a full disk, a database it cannot lock or write, overload.
@Suite struct FaultTests {
    static func results(_ prefix: String, _ count: Int, size: Int = 2000) -> [JSONValue] {
        (0..<count).map { .object([("test", .string("\(prefix)/\($0)")), ("status", "failed"), ("message", .string(String(repeating: "m", count: size)))]) }
    }

    /// Fills the database (through `--max-page-count`) until a write gets 507; returns the runs written.
    static func fill(_ api: APIClient) throws -> Int {
        for batch in 0..<400 {
            let reply = try api.post(run: "fill-\(batch)", results: results("fill\(batch)", 20))
            if reply.status == 507 {
                #expect(reply.errorCode == "disk_full")
                #expect(reply.json["error"]?["message"]?.string?.contains("disk is full") == true, "\(reply.text)")
                return batch
            }
            #expect(reply.status == 201, "\(reply.text)")
        }
        Issue.record("the database never filled up")
        return 0
    }

    @Test func fullDatabase_answers507_readsGoOn_andWritesResumeOncePruneFreesSpace() throws {
        let server = try ServerProcess(arguments: ["--max-page-count", "400"])
        let api = APIClient(server)
        let written = try Self.fill(api)
        #expect(written > 2)
        // Reads keep working, and so does everything that only reads.
        #expect(try api.get("/api/v1/projects/demo/runs/fill-0").status == 200)
        #expect(try api.get("/api/v1/projects/demo/runs?limit=5").status == 200)
        #expect(try api.get("/healthz").status == 200)
        #expect(try api.post(run: "late", results: Self.results("late", 20)).status == 507)
        // Space returns: finish and prune the old runs from another process while serving.
        for batch in 0..<written {
            _ = try api.send("POST", "/api/v1/projects/demo/runs/fill-\(batch)/finish", body: Array("{}".utf8))
        }
        let prune = try CLIRun.verdict(["prune", "--db", server.databasePath, "--older-than-days", "0"])
        #expect(prune.status == 0, "\(prune.stderr)")
        let reply = try api.post(run: "after-prune", results: Self.results("after", 20))
        #expect(reply.status == 201, "\(reply.text)")
        server.terminate()
        let store = try Store(path: server.databasePath, migrations: shippedMigrations, now: 0)
        defer { store.close() }
        #expect(try store.integrityCheck() == "ok")
    }

    @Test func fullFileSystem_answers507_andWritesResumeWhenSpaceReturns() throws {
        let mount = FileManager.default.temporaryDirectory.appendingPathComponent("verdict-full-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: mount, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: mount) }
        let mounted = try CLIRun.run("/bin/mount", ["-t", "tmpfs", "-o", "size=3m", "tmpfs", mount.path])
        guard mounted.status == 0 else {
            print("skipped: cannot mount a small tmpfs here (\(mounted.stderr.trimmingCharacters(in: .whitespacesAndNewlines)))")
            return
        }
        defer { _ = try? CLIRun.run("/bin/umount", ["-l", mount.path]) }
        let server = try ServerProcess(directory: mount)
        let api = APIClient(server)
        // Leave the database about a megabyte, then fill it.
        let filler = mount.appendingPathComponent("filler")
        FileManager.default.createFile(atPath: filler.path, contents: Data(count: 1_800_000))
        let written = try Self.fill(api)
        #expect(written > 0)
        #expect(try api.get("/api/v1/projects/demo/runs/fill-0").status == 200)
        try FileManager.default.removeItem(at: filler)
        let reply = try api.post(run: "after-space", results: Self.results("after", 20))
        #expect(reply.status == 201, "\(reply.text)")
        server.terminate()
        let store = try Store(path: server.databasePath, migrations: shippedMigrations, now: 0)
        defer { store.close() }
        #expect(try store.integrityCheck() == "ok")
    }

    @Test func lockedDatabase_isAClearStartUpError() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("verdict-locked-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("v.db").path
        _ = try CLIRun.verdict(["migrate", "--db", path])
        // Another process holds an exclusive lock (as a rogue `sqlite3` shell could).
        var db: OpaquePointer?
        #expect(sqlite3_open(path, &db) == SQLITE_OK)
        defer { sqlite3_close(db) }
        #expect(sqlite3_exec(db, "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE", nil, nil, nil) == SQLITE_OK)
        let run = try CLIRun.verdict(["serve", "--port", "0", "--db", path, "--token", "t"], timeout: 60)
        #expect(!run.signaled, "crashed: \(run.stderr)")
        #expect(run.status != 0)
        #expect(run.stderr.contains("cannot open the database"), "\(run.stderr)")
        #expect(run.stderr.contains("locked"), "\(run.stderr)")
        sqlite3_exec(db, "ROLLBACK", nil, nil, nil)
    }

    @Test func readOnlyDatabase_isAClearStartUpError() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("verdict-ro-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("v.db").path
        _ = try CLIRun.verdict(["migrate", "--db", path])
        // A file opened read-only, whatever our privileges (root ignores file modes): SQLite's URI.
        let run = try CLIRun.verdict(["serve", "--port", "0", "--db", "file:\(path)?mode=ro", "--token", "t"], timeout: 60)
        #expect(!run.signaled, "crashed: \(run.stderr)")
        #expect(run.status != 0)
        #expect(run.stderr.contains("cannot open the database"), "\(run.stderr)")
        #expect(run.stderr.lowercased().contains("read"), "\(run.stderr)")
    }

    /// The writer is held up the way it is in production: another process owns SQLite's write
    /// lock (a backup, a `sqlite3` shell). Timing alone cannot fill the queue on a fast machine.
    @Test func fullWriterQueue_answers503WithRetryAfter_andNothingAcknowledgedIsLost() throws {
        let server = try ServerProcess(arguments: ["--max-pending-writes", "1", "--workers", "32"])
        #expect(try APIClient(server).post(run: "overload", results: [result("first", "passed")]).status == 201)
        var lockHolder: OpaquePointer?
        #expect(sqlite3_open(server.databasePath, &lockHolder) == SQLITE_OK)
        defer { sqlite3_close(lockHolder) }
        #expect(sqlite3_exec(lockHolder, "BEGIN IMMEDIATE", nil, nil, nil) == SQLITE_OK)

        final class Tally: @unchecked Sendable {
            let lock = NSLock()
            var statuses: [Int: Int] = [:]
            var retryAfter = Set<String>()
            var acknowledged = Set<String>()
            var answered: Int { lock.withLock { statuses.values.reduce(0, +) } }
        }
        let tally = Tally()
        let posters = 24
        // Threads of their own, not GCD's pool: two posters block until the lock goes, and GCD
        // adds threads for blocked ones only slowly on a 2-core machine.
        let group = DispatchGroup()
        for w in 0..<posters {
            group.enter()
            Thread {
                defer { group.leave() }
                let tests = (0..<40).map { "w\(w)/\($0)" }
                guard let reply = try? APIClient(server).post(run: "overload", results: tests.map { result($0, "passed") }) else { return }
                tally.lock.withLock {
                    tally.statuses[reply.status, default: 0] += 1
                    if reply.status == 503, let value = reply.headers["Retry-After"] { tally.retryAfter.insert(value) }
                    if reply.status == 200 || reply.status == 201 { tally.acknowledged.formUnion(tests) }
                }
            }.start()
        }
        // One post waits in BEGIN IMMEDIATE, one waits in the queue, every other one is refused.
        // The lock is released inside the server's 5 s busy timeout, so the two that wait succeed.
        let deadline = Date().addingTimeInterval(4)
        while tally.answered < posters - 2, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        sqlite3_exec(lockHolder, "ROLLBACK", nil, nil, nil)
        group.wait()
        print("writer queue overload: \(tally.statuses) with the write lock held \(String(format: "%.2f", 4 - deadline.timeIntervalSinceNow)) s")

        let (statuses, retryAfter, acknowledged) = (tally.statuses, tally.retryAfter, tally.acknowledged)
        #expect(statuses[503, default: 0] > 0, "no 503 under overload: \(statuses)")
        #expect(Set(statuses.keys).isSubset(of: [200, 201, 503]), "\(statuses)")
        #expect(!acknowledged.isEmpty, "the posts that waited were not stored: \(statuses)")
        #expect(!retryAfter.isEmpty && retryAfter.allSatisfy { Int($0).map { $0 >= 1 } == true }, "\(retryAfter)")
        let stored = Set(try APIClient(server).allResults(run: "overload").compactMap { $0["test"]?.string })
        #expect(stored == acknowledged.union(["first"]), "stored \(stored.count), acknowledged \(acknowledged.count)")
    }
}
