import Reports

/// Everything one `verdict push` needs, resolved in this order: the flag, its `VERDICT_*`
/// variable, the CI service's variables (`CIEnvironment`), the default.
struct PushSettings: Equatable, Sendable {
    static let defaultServer = "http://127.0.0.1:8080"

    var server: PushServerAddress
    var project: String
    var run: String
    var worker: String?
    var token: String
    /// The body of `PUT …/runs/{run}`; nil when nothing is known about the run.
    var runDescription: PushRunDescription?
    var patterns: [String]
    var allowEmpty: Bool
    var policy: PushRetryPolicy

    /// The raw values as given on the command line (nil when a flag is absent).
    struct Flags: Sendable {
        var server, project, run, worker, token, name, branch, commit, url: String?
        var retries, timeout, backoff: String?
        var allowEmpty = false
        var patterns: [String] = []
    }

    init(flags: Flags, environment: [String: String]) throws(PushUsageError) {
        // Trimmed: a secret pasted with its newline must not end up inside a header.
        func value(_ flag: String?, _ variable: String) -> String? {
            if let flag = flag?.trimmingSpaces(), !flag.isEmpty { return flag }
            if let value = environment[variable]?.trimmingSpaces(), !value.isEmpty { return value }
            return nil
        }
        let ci = CIEnvironment.detect(environment)

        server = try PushServerAddress(parsing: value(flags.server, "VERDICT_SERVER") ?? Self.defaultServer)
        guard let project = value(flags.project, "VERDICT_PROJECT") else {
            throw PushUsageError("no project: pass --project NAME or set VERDICT_PROJECT")
        }
        self.project = project
        guard let run = value(flags.run, "VERDICT_RUN") ?? ci?.runKey else {
            throw PushUsageError("no run key: pass --run KEY or set VERDICT_RUN (in GitHub Actions, GitLab CI, Jenkins and Buildkite the build's id is used)")
        }
        self.run = run
        worker = value(flags.worker, "VERDICT_WORKER")
        guard let token = value(flags.token, "VERDICT_TOKEN") else {
            throw PushUsageError("no token: set VERDICT_TOKEN (or pass --token) to a write token from 'verdict token create'")
        }
        guard !token.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw PushUsageError("the token contains a control character (a line break?); check VERDICT_TOKEN")
        }
        self.token = token

        let description = PushRunDescription(
            name: value(flags.name, "VERDICT_NAME") ?? ci?.name,
            branch: value(flags.branch, "VERDICT_BRANCH") ?? ci?.branch,
            commit: value(flags.commit, "VERDICT_COMMIT") ?? ci?.commit,
            url: value(flags.url, "VERDICT_URL") ?? ci?.url,
            ci: ci?.provider
        )
        runDescription = description.isEmpty ? nil : description

        patterns = flags.patterns
        guard !patterns.isEmpty else { throw PushUsageError("no reports given: name the JUnit XML files or globs to push") }
        allowEmpty = flags.allowEmpty || ["1", "true", "yes"].contains(environment["VERDICT_ALLOW_EMPTY"]?.lowercased() ?? "")

        policy = PushRetryPolicy()
        if let text = value(flags.retries, "VERDICT_RETRIES") {
            guard let retries = Int(text.trimmingSpaces()), (0...100).contains(retries) else {
                throw PushUsageError("--retries \(text): expected a number from 0 to 100")
            }
            policy.retries = retries
        }
        if let text = value(flags.timeout, "VERDICT_TIMEOUT") {
            guard let duration = DurationFlag(argument: text.trimmingSpaces()), duration.milliseconds > 0 else {
                throw PushUsageError("--timeout \(text): expected a duration such as 90s or 5m")
            }
            policy.timeoutMs = duration.milliseconds
        }
        if let text = value(flags.backoff, "VERDICT_BACKOFF") {
            guard let duration = DurationFlag(argument: text.trimmingSpaces()) else {
                throw PushUsageError("--backoff \(text): expected a duration such as 500ms or 2s")
            }
            policy.initialDelayMs = duration.milliseconds
        }
    }
}

/// What `PUT /api/v1/projects/{project}/runs/{run}` says about the run. Absent fields are left
/// out of the body, so one shard's push never erases what another set.
struct PushRunDescription: Equatable, Sendable {
    var name: String?
    var branch: String?
    var commit: String?
    var url: String?
    /// The CI service, stored as the attribute `ci`.
    var ci: String?

    var isEmpty: Bool { name == nil && branch == nil && commit == nil && url == nil }

    var json: JSONValue {
        var members: [(String, JSONValue)] = []
        for (key, value) in [("name", name), ("branch", branch), ("commit", commit), ("url", url)] {
            if let value { members.append((key, .string(value))) }
        }
        if let ci { members.append(("attributes", .object([("ci", .string(ci))]))) }
        return .object(members)
    }
}
