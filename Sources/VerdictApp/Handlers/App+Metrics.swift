import HTTPServer
import Reports
import Store

extension App {
    /// `GET /metrics`: Prometheus text format. Requests by route and status, latency, results
    /// ingested, the writer's queue and commit groups, database size, connections, memory.
    func metricsPage() throws -> Response {
        var out = PrometheusText()
        metrics.write(to: &out)
        let writer = store.writerStats
        out.describe("verdict_writer_queue_depth", "gauge", "Writes waiting for the database writer.")
        out.sample("verdict_writer_queue_depth", writer.pending)
        out.describe("verdict_writer_commits_total", "counter", "Transactions committed by the writer.")
        out.sample("verdict_writer_commits_total", writer.commits)
        out.describe("verdict_writer_failed_commits_total", "counter", "Commits that failed (their writes were answered with an error).")
        out.sample("verdict_writer_failed_commits_total", writer.failedCommits)
        out.describe("verdict_writer_commit_batch_size", "histogram", "Writes grouped into one commit.")
        var running = 0
        for (le, count) in zip(["1", "4", "16", "64"], writer.groupSizes) {
            running += count
            out.sample("verdict_writer_commit_batch_size_bucket", [("le", le)], running)
        }
        out.sample("verdict_writer_commit_batch_size_bucket", [("le", "+Inf")], writer.commits)
        out.sample("verdict_writer_commit_batch_size_sum", writer.jobs)
        out.sample("verdict_writer_commit_batch_size_count", writer.commits)
        out.describe("verdict_database_bytes", "gauge", "Size of the database (pages in use times page size), WAL not included.")
        out.sample("verdict_database_bytes", Double(try store.databaseBytes()))
        if let server = metrics.server {
            out.describe("verdict_http_open_connections", "gauge", "Client connections open.")
            out.sample("verdict_http_open_connections", server.openConnections)
            out.describe("verdict_http_queued_requests", "gauge", "Requests waiting for a handler thread.")
            out.sample("verdict_http_queued_requests", server.queuedRequests)
        }
        if let rss = ProcessStats.residentBytes {
            out.describe("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.")
            out.sample("process_resident_memory_bytes", rss)
        }
        if let fds = ProcessStats.openDescriptors {
            out.describe("process_open_fds", "gauge", "Open file descriptors.")
            out.sample("process_open_fds", fds)
        }
        return Response(status: 200, contentType: PrometheusText.contentType, body: Array(out.text.utf8))
    }

    /// The metrics hook of `handle`: counts the answer under its route label and, for ingest
    /// routes, the results it stored (read from the documented `accepted` field of the answer).
    func observe(_ request: Request, _ response: Response, route: String, since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        metrics.recordRequest(route: route, method: request.method, status: response.status, seconds: seconds)
        if request.method == "POST", (200..<300).contains(response.status), let source = Self.ingestSources[route],
           response.body.count < 64 * 1024, let accepted = (try? JSONParser.parse(response.body))?["accepted"]?.number
        {
            metrics.recordIngested(Int(accepted), source: source)
        }
    }

    /// Routes whose answer says how many results were newly stored.
    static let ingestSources: [String: String] = [
        "/api/v1/projects/{project}/runs/{run}/results": "native",
        "/api/v1/projects/{project}/runs/{run}/junit": "junit",
    ]

    /// The metrics label of a routing outcome: the route pattern; unmatched requests get one fixed
    /// label each, so user-chosen paths never become label values.
    static func routeLabel(_ match: RouteMatch<Route>, path: String) -> String {
        switch match {
        case .found(_, _, let pattern): return pattern
        case .methodNotAllowed: return "(method not allowed)"
        case .malformedPath: return "(malformed path)"
        case .notFound: return path.hasPrefix("/api/") ? "(not found)" : "(static)"
        }
    }
}
