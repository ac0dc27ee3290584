import Foundation
import Reports
@testable import Store

/// A store on a fresh file in its own temporary directory, removed afterwards.
final class StoreFixture {
    let directory: URL
    let store: Store
    var path: String { directory.appendingPathComponent("verdict.db").path }

    init(options: StoreOptions = StoreOptions()) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("verdict-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try Store(path: directory.appendingPathComponent("verdict.db").path, migrations: StoreFixture.migrations, options: options, now: 1_000)
    }

    deinit {
        store.close()
        try? FileManager.default.removeItem(at: directory)
    }

    /// The real migrations from the package's migrations/ folder.
    static let migrations: [Migration] = {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("migrations")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.compactMap { name in
            guard let sql = try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) else { return nil }
            return Migration(fileName: name, sql: sql)
        }
    }()

    @discardableResult
    func ingest(_ results: [TestResult], project: String = "p", run: String = "r1", now: Int64 = 2_000, worker: String = "gw0") throws -> IngestOutcome {
        try store.write(now: now) { try $0.ingest(project: project, run: run, results: results, defaultWorker: worker) }
    }
}

extension TestResult {
    static func make(_ test: String = "t", _ status: Status = .passed, attempt: Int = 1, worker: String? = nil,
                     startedAt: Int64? = nil, durationMs: Int64? = nil) -> TestResult {
        TestResult(test: test, status: status, attempt: attempt, durationMs: durationMs, startedAt: startedAt, worker: worker)
    }
}
