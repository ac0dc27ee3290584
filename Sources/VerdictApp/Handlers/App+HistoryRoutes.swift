import Store

extension App {
    /// Test history, run comparison, failure signatures, flaky tests and quarantine.
    static let historyRoutes: [Route] = [
        Route(method: "GET", pattern: "/api/v1/projects/{project}/tests", access: .read, handler: { app, r in try app.listTests(r) }),
        Route(method: "GET", pattern: "/api/v1/projects/{project}/tests/history", access: .read, handler: { app, r in try app.testHistory(r) }),
        Route(method: "GET", pattern: "/api/v1/projects/{project}/runs/{run}/compare", access: .read, handler: { app, r in try app.compareRuns(r) }),
        Route(method: "GET", pattern: "/api/v1/projects/{project}/runs/{run}/failures", access: .read, handler: { app, r in try app.runFailures(r) }),
        Route(method: "GET", pattern: "/api/v1/projects/{project}/flaky", access: .read, handler: { app, r in try app.flakyTests(r) }),
        Route(method: "GET", pattern: "/api/v1/projects/{project}/quarantine", access: .read, handler: { app, r in try app.listQuarantine(r) }),
        Route(method: "PUT", pattern: "/api/v1/projects/{project}/quarantine/{test}", access: .write, handler: { app, r in try app.quarantineTest(r) }),
        Route(method: "DELETE", pattern: "/api/v1/projects/{project}/quarantine/{test}", access: .write, handler: { app, r in try app.releaseTest(r) }),
    ]
}

/// Thresholds of the flakiness model and of new failure signatures (docs/flaky.md); each has a
/// `verdict serve` flag.
public struct FlakyConfiguration: Sendable {
    /// `/flaky`'s default `days`, and the window of the test list's failure rate (`--flaky-days`).
    public var windowDays = FlakyModel().windowDays
    /// `/flaky`'s default `min_runs` (`--flaky-min-runs`).
    public var minRuns = FlakyModel().minRuns
    /// A run where more than this share of tests failed is an outage (`--outage-fraction`) ...
    public var outageFailureFraction = FlakyModel().outageFailureFraction
    /// ... if it has at least this many tests (`--outage-min-tests`).
    public var outageMinTests = FlakyModel().outageMinTests
    /// Flip evidence needs this flip rate (`--flip-rate`) and this many flips (`--min-flips`).
    public var flipRateThreshold = FlakyModel().flipRateThreshold
    public var minFlips = FlakyModel().minFlips
    /// Failing this many latest runs in a row is broken (`--broken-after`).
    public var brokenStreak = FlakyModel().brokenStreak
    /// This many clean runs in a row make a flaky test healthy again (`--healthy-after`).
    public var healthyAfter = FlakyModel().healthyAfter
    /// A failure signature is new unless seen in this many days before the run (`--new-signature-days`).
    public var newSignatureDays = 14
    /// Signatures seen on this branch are known on every branch (`--default-branch`).
    public var defaultBranch = "main"

    public init() {}

    /// The thresholds as the store's model takes them.
    public var model: FlakyModel {
        var model = FlakyModel()
        model.windowDays = windowDays
        model.minRuns = minRuns
        model.outageFailureFraction = outageFailureFraction
        model.outageMinTests = outageMinTests
        model.flipRateThreshold = flipRateThreshold
        model.minFlips = minFlips
        model.brokenStreak = brokenStreak
        model.healthyAfter = healthyAfter
        return model
    }
}
