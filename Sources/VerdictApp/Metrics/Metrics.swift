import Synchronization

/// Counters and histograms the app keeps for `GET /metrics`. Cheap to update from any thread:
/// one short lock per request. Values that exist elsewhere (writer queue, database size,
/// connections) are read when scraped, not copied here.
public final class Metrics: Sendable {
    /// One series of `verdict_http_requests_total`.
    struct RequestKey: Hashable, Sendable {
        var route: String
        var method: String
        var status: Int
    }

    private struct State: Sendable {
        var requests: [RequestKey: Int] = [:]
        var latency: [String: Histogram] = [:]
        var ingested: [String: Int] = [:]
    }

    private let state = Mutex(State())
    private let serverGauges = Mutex<(@Sendable () -> ServerGauges)?>(nil)

    /// What the HTTP server reports about itself when scraped.
    public struct ServerGauges: Sendable {
        public var openConnections: Int
        public var queuedRequests: Int
        public init(openConnections: Int, queuedRequests: Int) {
            self.openConnections = openConnections
            self.queuedRequests = queuedRequests
        }
    }

    /// Lets `/metrics` ask the server (which is created after the app) for its gauges.
    public func attachServer(_ gauges: @escaping @Sendable () -> ServerGauges) {
        serverGauges.withLock { $0 = gauges }
    }

    var server: ServerGauges? { serverGauges.withLock { $0 }?() }

    public init() {}

    /// One answered request: `route` is the matched pattern (never the raw path, whose project
    /// and run names are unbounded user data), or a fixed word for unmatched ones.
    func recordRequest(route: String, method: String, status: Int, seconds: Double) {
        state.withLock { state in
            state.requests[RequestKey(route: route, method: method, status: status), default: 0] += 1
            state.latency[route, default: Histogram(bounds: Histogram.latencyBounds)].observe(seconds)
        }
    }

    /// A request the server refused before any route saw it (bad framing, limits, overload).
    public func recordRefusal(status: Int) {
        state.withLock { state in
            state.requests[RequestKey(route: "(refused)", method: "", status: status), default: 0] += 1
        }
    }

    /// Results newly stored through `source` (native, junit).
    func recordIngested(_ count: Int, source: String) {
        guard count > 0 else { return }
        state.withLock { $0.ingested[source, default: 0] += count }
    }

    /// Writes the counters kept here.
    func write(to out: inout PrometheusText) {
        let snapshot = state.withLock { $0 }
        out.describe("verdict_http_requests_total", "counter", "HTTP requests answered, by route pattern, method and status.")
        for (key, count) in snapshot.requests.sorted(by: { ($0.key.route, $0.key.method, $0.key.status) < ($1.key.route, $1.key.method, $1.key.status) }) {
            out.sample("verdict_http_requests_total", [("route", key.route), ("method", key.method), ("status", String(key.status))], count)
        }
        out.describe("verdict_http_request_duration_seconds", "histogram", "Time from routing to the response, by route pattern.")
        for (route, histogram) in snapshot.latency.sorted(by: { $0.key < $1.key }) {
            out.histogram("verdict_http_request_duration_seconds", [("route", route)], histogram)
        }
        out.describe("verdict_results_ingested_total", "counter", "Results newly stored (duplicates not counted), by source.")
        for source in ["native", "junit", "reportportal"] {
            out.sample("verdict_results_ingested_total", [("source", source)], snapshot.ingested[source] ?? 0)
        }
    }
}
