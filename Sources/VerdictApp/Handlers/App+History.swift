import HTTPServer
import Reports
import Store

extension App {
    /// `GET …/tests?search=&limit=&after=&days=`: tests in key order with their latest verdict and
    /// failure rate over the last `days`.
    func listTests(_ request: Request) throws -> Response {
        let project = try projectName(request)
        let search = try HistoryParameters.text(request, "search")
        let limit = try Paging.limit(request, default: 50, max: 500)
        let after = try HistoryParameters.text(request, "after")
        let days = try HistoryParameters.integer(request, "days", default: configuration.flaky.windowDays, range: 1...HistoryParameters.maxDays)
        let from = now - Int64(days) * 86_400_000
        let page = try store.tests(project: project, search: search, limit: limit, after: after, from: from, model: configuration.flaky.model)
        return .json(.object([
            ("tests", .array(page.items.map(HistoryJSON.testSummary))),
            ("next", JSONShapes.next(page.next)),
            ("window", .object([("days", .int(days)), ("from", JSONShapes.time(from))])),
        ]))
    }

    /// `GET …/tests/history?test=KEY&limit=&before=`: the test's runs, newest first.
    func testHistory(_ request: Request) throws -> Response {
        let project = try projectName(request)
        let test = try HistoryParameters.testKey(request.query("test"), name: "test")
        let limit = try Paging.limit(request, default: 50, max: 1000)
        let before = try HistoryParameters.cursor(request, "before")
        guard let history = try store.testHistory(project: project, test: test, limit: limit, before: before) else {
            throw APIError.notFound("no test '\(test)' in project '\(project)'")
        }
        return .json(HistoryJSON.history(history))
    }

    /// `GET …/runs/{run}/compare?base=RUN`: the run against `base`, by default the previous
    /// finished run on its branch.
    func compareRuns(_ request: Request) throws -> Response {
        let (project, run) = try projectAndRun(request)
        let base = request.query("base")
        if let base {
            do { try Names.validateRun(base) } catch { throw APIError.invalidParameter("base", "run keys are 1–200 bytes without control characters or '/'") }
        }
        switch try store.compare(project: project, run: run, base: base) {
        case .compared(let comparison): return .json(HistoryJSON.comparison(comparison))
        case .noRun: throw APIError.notFound("no run '\(run)' in project '\(project)'")
        case .noBase: throw APIError.notFound("no base run '\(base ?? "")' in project '\(project)'")
        }
    }

    /// `GET …/runs/{run}/failures?days=`: the run's failures grouped by signature, new or known.
    func runFailures(_ request: Request) throws -> Response {
        let (project, run) = try projectAndRun(request)
        let flaky = configuration.flaky
        let days = try HistoryParameters.integer(request, "days", default: flaky.newSignatureDays, range: 1...HistoryParameters.maxDays)
        guard let failures = try store.failures(project: project, run: run, newDays: days, defaultBranch: flaky.defaultBranch) else {
            throw APIError.notFound("no run '\(run)' in project '\(project)'")
        }
        return .json(HistoryJSON.failures(failures, days: days, defaultBranch: flaky.defaultBranch))
    }
}
