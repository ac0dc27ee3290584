import CSQLite
import Foundation

/// The generated project of the query benchmarks: `scripts/generate_history.py` posts
/// tests × runs results through the API. The history is built once at the small size, copied,
/// then continued to the large size; both databases are kept in the cache folder, keyed by the
/// migrations, the generator and the sizes, so a later `make bench` reuses them.
struct HistoryDatabases {
    let tests: Int
    let runs: Int
    let smallRuns: Int
    let folder: String

    var small: String { "\(folder)/small.db" }
    var large: String { "\(folder)/large.db" }
    var smallResults: Int { tests * smallRuns }
    var largeResults: Int { tests * runs }
    var smallLastRun: String { String(format: "build-%04d", smallRuns) }
    var largeLastRun: String { String(format: "build-%04d", runs) }
    static let generator = "scripts/generate_history.py"

    /// 10,000 tests × 200 runs (2M results, 200k after 20 runs); with `quick` 20 runs (200k, 20k after 2).
    init(quick: Bool, cache: String) {
        tests = 10_000
        runs = quick ? 20 : 200
        smallRuns = runs / 10
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ bytes: some Sequence<UInt8>) { for b in bytes { hash = (hash ^ UInt64(b)) &* 0x0000_0100_0000_01b3 } }
        let migrations = (try? FileManager.default.contentsOfDirectory(atPath: "migrations"))?.sorted() ?? []
        for name in migrations { mix(name.utf8); mix((try? Data(contentsOf: URL(fileURLWithPath: "migrations/\(name)"))) ?? Data()) }
        mix((try? Data(contentsOf: URL(fileURLWithPath: Self.generator))) ?? Data())
        folder = "\(cache)/history-\(tests)x\(runs)-\(String(hash, radix: 16))"
    }

    static var generatorExists: Bool { FileManager.default.fileExists(atPath: generator) }

    var isComplete: Bool { FileManager.default.fileExists(atPath: "\(folder)/.complete") }

    /// Builds both databases unless the cache has them; returns the seconds spent generating.
    func ensure(verdict: String) throws -> Double? {
        if isComplete { return nil }
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let started = Date()
        try generate(verdict: verdict, firstRun: 1, lastRun: smallRuns)
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: large + suffix) {
            try FileManager.default.copyItem(atPath: large + suffix, toPath: small + suffix)
        }
        try generate(verdict: verdict, firstRun: smallRuns + 1, lastRun: runs)
        _ = FileManager.default.createFile(atPath: "\(folder)/.complete", contents: nil)
        return Date().timeIntervalSince(started)
    }

    private func generate(verdict: String, firstRun: Int, lastRun: Int) throws {
        let server = try ServerUnderTest(binary: verdict, database: large)
        defer { server.stop() }
        print("generating runs \(firstRun)–\(lastRun) of \(runs) (\(tests) tests each) into \(large)")
        let outcome = try Command(executable: "python3", arguments: [
            Self.generator, "generate", "--url", "http://127.0.0.1:\(server.port)", "--token", server.token,
            "--tests", "\(tests)", "--runs", "\(runs)", "--first-run", "\(firstRun)", "--last-run", "\(lastRun)",
        ]).run()
        guard outcome.status == 0 else { throw BenchError.unexpected("generate_history.py failed: \(outcome.stdout.suffix(500)) \(outcome.stderr.suffix(1500))") }
    }

    /// `SELECT count(*) FROM results` on a database, read directly.
    static func resultCount(_ path: String) -> Int {
        var db: OpaquePointer?
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, nil) == SQLITE_OK else { return 0 }
        defer { sqlite3_close(db) }
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, "SELECT count(*) FROM results", -1, &statement, nil) == SQLITE_OK else { return 0 }
        defer { sqlite3_finalize(statement) }
        return sqlite3_step(statement) == SQLITE_ROW ? Int(sqlite3_column_int64(statement, 0)) : 0
    }

    /// Database and WAL bytes.
    static func bytes(_ path: String) -> Int64 { FileSize.of(path) + FileSize.of(path + "-wal") }
}
