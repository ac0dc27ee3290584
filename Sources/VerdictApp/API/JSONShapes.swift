import Reports
import Store

/// The JSON shapes of DESIGN.md's native API. Fields may be added; these names never change.
enum JSONShapes {
    static func time(_ ms: Int64?) -> JSONValue { ms.map { .string(Timestamp.format($0)) } ?? .null }

    static func run(_ run: RunSummary) -> JSONValue {
        .object([
            ("project", .string(run.project)),
            ("key", .string(run.key)),
            ("name", .string(run.info.name)),
            ("status", .string(run.status.rawValue)),
            ("branch", .string(run.info.branch)),
            ("commit", .string(run.info.commit)),
            ("url", .string(run.info.url)),
            ("attributes", attributes(run.info.attributes)),
            ("started_at", time(run.startedAt)),
            ("finished_at", time(run.finishedAt)),
            ("duration_ms", .int(run.durationMs)),
            ("counts", counts(run.counts)),
            ("attempts", .int(run.attempts)),
            ("workers", .array(run.workers.map { worker in
                .object([
                    ("name", .string(worker.name)),
                    ("results", .int(worker.results)),
                    ("first_at", time(worker.firstAt)),
                    ("last_at", time(worker.lastAt)),
                ])
            })),
            ("created_at", time(run.createdAt)),
            ("updated_at", time(run.updatedAt)),
            ("quarantined", .array(run.quarantined.map { .object([("test", .string($0.test)), ("verdict", .string($0.verdict.rawValue))]) })),
        ])
    }

    static func counts(_ counts: VerdictCounts) -> JSONValue {
        .object([
            ("total", .int(counts.total)),
            ("passed", .int(counts.passed)),
            ("failed", .int(counts.failed)),
            ("error", .int(counts.error)),
            ("skipped", .int(counts.skipped)),
            ("flaky", .int(counts.flaky)),
        ])
    }

    static func result(_ stored: StoredResult) -> JSONValue {
        let r = stored.result
        return .object([
            ("test", .string(r.test)),
            ("status", .string(r.status.rawValue)),
            ("attempt", .int(r.attempt)),
            ("duration_ms", .int(r.durationMs)),
            ("started_at", time(r.startedAt)),
            ("worker", .string(r.worker)),
            ("file", .string(r.file)),
            ("suite", .string(r.suite)),
            ("message", .string(r.message)),
            ("trace", .string(r.trace)),
            ("output", .string(r.output)),
            ("attributes", attributes(r.attributes)),
        ])
    }

    static func attributes(_ attributes: [String: String]) -> JSONValue {
        .object(attributes.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })
    }

    static func next(_ cursor: String?) -> JSONValue { .string(cursor) }
}
