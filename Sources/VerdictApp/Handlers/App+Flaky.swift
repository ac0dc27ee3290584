import HTTPServer
import Reports
import Store

extension App {
    /// `GET …/flaky?days=&branch=&min_runs=&classification=&limit=`: every test that failed in
    /// the window, with its signals, classification and score, highest score first; those with
    /// fewer than `min_runs` runs in `undecided`.
    func flakyTests(_ request: Request) throws -> Response {
        let project = try projectName(request)
        let flaky = configuration.flaky
        let days = try HistoryParameters.integer(request, "days", default: flaky.windowDays, range: 1...HistoryParameters.maxDays)
        let minRuns = try HistoryParameters.integer(request, "min_runs", default: flaky.minRuns, range: 1...100_000)
        let limit = try Paging.limit(request, default: 1000, max: 10_000)
        let branch = try HistoryParameters.text(request, "branch", maxBytes: 1000)
        var only: FlakyClassification?
        if let text = request.query("classification") {
            guard let value = FlakyClassification(rawValue: text) else {
                throw APIError.invalidParameter("classification", "use flaky, broken or healthy")
            }
            only = value
        }
        let query = FlakyQuery(days: days, branch: branch, minRuns: minRuns, now: now)
        let report = try store.flaky(project: project, query: query, model: flaky.model)
        // Tests with fewer than min_runs runs have no verdict: they are listed apart, so every
        // entry of `tests` is flaky, broken or healthy.
        let tests = report.tests.filter { $0.classification != nil && (only == nil || $0.classification == only) }
        let undecided = only == nil ? report.tests.filter { $0.classification == nil } : []
        return .json(.object([
            ("tests", .array(tests.prefix(limit).map(HistoryJSON.flakyTest))),
            ("total", .int(tests.count)),
            ("undecided", .array(undecided.prefix(limit).map(HistoryJSON.flakyTest))),
            ("window", HistoryJSON.window(report.window, query: query)),
        ]))
    }
}
