import ArgumentParser
import Dispatch
import HTTPServer
import Store
import VerdictApp
#if canImport(Glibc)
import Glibc
#endif

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Start the server.",
        discussion: "Writes need 'Authorization: Bearer <token>'. Without --token and with no stored token, a token is created and printed once."
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0: any free port).") var port = 8080
    @Option(help: "A full-rights token (also VERDICT_TOKEN).") var token: String?
    @Flag(help: "Reads need a token too.") var `private` = false
    @Option(help: "Serve the UI from this folder instead of the embedded copy.") var `public`: String?
    @Option(help: "Finish a run after this long without a write.") var runIdleTimeout = DurationFlag(milliseconds: 3_600_000)

    @Option(help: "Request line and headers, in bytes.") var maxHeaderBytes = Limits().maxHeaderBytes
    @Option(help: "Request body after decoding, in bytes.") var maxBodyBytes = Limits().maxBodyBytes
    @Option(help: "JSON request bodies, in bytes.") var maxJsonBytes = AppConfiguration().maxJSONBodyBytes
    @Option(help: "Results in one native post.") var maxResultsPerPost = AppConfiguration().nativeLimits.maxResults
    @Option(help: "Captured output kept per JUnit result, in bytes.") var junitMaxOutputBytes = AppConfiguration().junitMaxOutputBytes
    @Option(help: "Largest ReportPortal log attachment kept, in bytes.") var rpMaxAttachmentBytes = ReportPortalConfiguration().maxAttachmentBytes
    @Option(help: "Open client connections.") var maxConnections = Limits().maxConnections
    @Option(help: "Requests waiting for a worker; beyond it, 503.") var maxQueuedRequests = Limits().maxQueuedRequests
    @Option(help: "Time to receive a request's headers.") var headerTimeout = DurationFlag(milliseconds: Int64(Limits().headerTimeoutMs))
    @Option(help: "Time allowed between body bytes.") var bodyTimeout = DurationFlag(milliseconds: Int64(Limits().bodyTimeoutMs))
    @Option(help: "Close idle keep-alive connections after this long.") var idleTimeout = DurationFlag(milliseconds: Int64(Limits().idleTimeoutMs))
    @Option(help: "Handler threads.") var workers = 32
    @Option(help: "Threads running the network event loops (default: one per core).") var eventLoops = ServerConfiguration.onlineCores
    @Option(help: "Writes waiting for the database writer; beyond it, 503.") var maxPendingWrites = StoreOptions().maxPendingWrites
    @Option(help: "Delete finished runs older than this many days, checked hourly (0: keep everything).") var retainDays: Double = 0
    @Option(help: "Write one JSON line per request to this file ('-': standard error).") var accessLog: String?
    @Option(help: .hidden) var maxPageCount = 0

    @Option(help: "Flaky tests: days of runs in the window (the default of ?days=).") var flakyDays = FlakyConfiguration().windowDays
    @Option(help: "Flaky tests: fewest runs for a verdict (the default of ?min_runs=).") var flakyMinRuns = FlakyConfiguration().minRuns
    @Option(help: "A run where more than this share of tests failed is an outage, left out of flakiness.") var outageFraction = FlakyConfiguration().outageFailureFraction
    @Option(help: "Runs with fewer tests than this are never outages.") var outageMinTests = FlakyConfiguration().outageMinTests
    @Option(help: "Flip evidence needs this pass/fail flip rate ...") var flipRate = FlakyConfiguration().flipRateThreshold
    @Option(help: "... and at least this many flips.") var minFlips = FlakyConfiguration().minFlips
    @Option(help: "A test whose latest this-many runs failed is broken.") var brokenAfter = FlakyConfiguration().brokenStreak
    @Option(help: "A flaky test is healthy again after this many clean runs in a row.") var healthyAfter = FlakyConfiguration().healthyAfter
    @Option(help: "A failure signature is new unless seen in this many days before the run.") var newSignatureDays = FlakyConfiguration().newSignatureDays
    @Option(help: "Failure signatures seen on this branch are known on every branch.") var defaultBranch = FlakyConfiguration().defaultBranch

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
        guard workers >= 1 else { throw ValidationError("--workers must be at least 1") }
        guard eventLoops >= 1 else { throw ValidationError("--event-loops must be at least 1") }
        guard (1...3650).contains(flakyDays) else { throw ValidationError("--flaky-days must be from 1 to 3650") }
        guard flakyMinRuns >= 1, outageMinTests >= 0, minFlips >= 0, brokenAfter >= 1, healthyAfter >= 1, newSignatureDays >= 1 else {
            throw ValidationError("--flaky-min-runs, --broken-after, --healthy-after and --new-signature-days must be at least 1; --outage-min-tests and --min-flips at least 0")
        }
        guard (0...1).contains(outageFraction), (0...1).contains(flipRate) else {
            throw ValidationError("--outage-fraction and --flip-rate are shares from 0 to 1")
        }
    }

    func run() throws {
        var storeOptions = try database.storeOptions()
        storeOptions.maxPendingWrites = maxPendingWrites
        storeOptions.maxPageCount = maxPageCount
        let store = try database.openStore(options: storeOptions)
        let rootToken = token ?? environment("VERDICT_TOKEN")

        var appConfiguration = AppConfiguration()
        appConfiguration.rootToken = rootToken
        appConfiguration.privateReads = `private`
        appConfiguration.publicDirectory = `public`
        appConfiguration.runIdleTimeoutMs = runIdleTimeout.milliseconds
        appConfiguration.maxJSONBodyBytes = maxJsonBytes
        appConfiguration.nativeLimits.maxResults = maxResultsPerPost
        appConfiguration.flaky.windowDays = flakyDays
        appConfiguration.flaky.minRuns = flakyMinRuns
        appConfiguration.flaky.outageFailureFraction = outageFraction
        appConfiguration.flaky.outageMinTests = outageMinTests
        appConfiguration.flaky.flipRateThreshold = flipRate
        appConfiguration.flaky.minFlips = minFlips
        appConfiguration.flaky.brokenStreak = brokenAfter
        appConfiguration.flaky.healthyAfter = healthyAfter
        appConfiguration.flaky.newSignatureDays = newSignatureDays
        appConfiguration.flaky.defaultBranch = defaultBranch
        appConfiguration.junitMaxOutputBytes = junitMaxOutputBytes
        appConfiguration.reportPortal.maxAttachmentBytes = rpMaxAttachmentBytes
        let app = App(store: store, configuration: appConfiguration)

        var limits = Limits()
        limits.maxHeaderBytes = maxHeaderBytes
        limits.maxBodyBytes = maxBodyBytes
        limits.maxConnections = maxConnections
        limits.maxQueuedRequests = maxQueuedRequests
        limits.headerTimeoutMs = Int(headerTimeout.milliseconds)
        limits.bodyTimeoutMs = Int(bodyTimeout.milliseconds)
        limits.idleTimeoutMs = Int(idleTimeout.milliseconds)
        var serverConfiguration = ServerConfiguration()
        serverConfiguration.host = host
        serverConfiguration.port = port
        serverConfiguration.limits = limits
        serverConfiguration.workerThreads = workers
        serverConfiguration.eventLoops = eventLoops
        serverConfiguration.inlineResponder = { app.answerInline($0) }
        serverConfiguration.errorResponse = { error in
            app.metrics.recordRefusal(status: error.status)
            return app.errorResponse(for: error)
        }
        let log = try accessLog.map { path in
            do { return try AccessLog(path: path) } catch { throw CLIError("cannot open the access log: \(error)") }
        }
        if let log { serverConfiguration.accessLog = { log.record($0) } }
        let server = Server(configuration: serverConfiguration) { app.handle($0) }
        app.metrics.attachServer { .init(openConnections: server.openConnections, queuedRequests: server.queuedRequests) }
        do {
            try server.start()
        } catch {
            throw CLIError("cannot listen on \(host):\(port): \(error). Is another server running there? Try --port.")
        }
        let base = "http://\(host.contains(":") ? "[\(host)]" : host):\(server.port)"
        FileHandle.standardErrorWrite("verdict listening on \(base) (database \(database.db))\n")
        if rootToken == nil, try store.tokens().isEmpty { try createFirstToken(store: store, base: base) }

        let sweeper = Sweeper(app: app, intervalMs: max(1000, min(60_000, runIdleTimeout.milliseconds / 4)))
        let retention = retainDays > 0 ? Retention(store: store, days: retainDays) : nil
        let signals = SignalHandlers { signal in
            FileHandle.standardErrorWrite("received \(signal); finishing in-flight requests\n")
            server.shutdown()
        }
        server.wait()
        sweeper.stop()
        retention?.stop()
        log?.close()
        store.close()
        withExtendedLifetime(signals) {}
        FileHandle.standardErrorWrite("verdict stopped\n")
    }

    /// First start: a token so the newcomer can post at once, shown with a curl that works.
    private func createFirstToken(store: Store, base: String) throws {
        let token = Tokens.generate()
        let hash = Tokens.hash(token)
        _ = try store.write(now: SystemClock().nowMs()) { try $0.createToken(name: "first", hash: hash, project: nil, canWrite: true) }
        FileHandle.standardErrorWrite("""

            No token was configured, so one was created. It is shown only this once:

                \(token)

            Post a result with:

                curl -X POST \(base)/api/v1/projects/demo/runs/build-1/results \\
                  -H 'Authorization: Bearer \(token)' -H 'Content-Type: application/json' \\
                  -d '{"worker": "gw0", "results": [{"test": "tests/test_math.py::test_add", "status": "passed", "duration_ms": 12}]}'

            Then open \(base)/ in a browser. Manage tokens with 'verdict token --help'.


            """)
    }

    private func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
    }
}
