import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

struct PushCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Send JUnit XML reports to a Verdict server (from CI; shards land in one run).",
        discussion: """
            Every option can also come from its VERDICT_* variable (VERDICT_SERVER, VERDICT_PROJECT, \
            VERDICT_RUN, VERDICT_WORKER, VERDICT_TOKEN, ...); a flag wins over its variable. In GitHub \
            Actions, GitLab CI, Jenkins and Buildkite the run key, branch, commit and build URL are \
            read from the CI's own variables. Quote globs ('build/**/TEST-*.xml'): push expands them.

            Transient failures (connection refused, 429, 503, ...) are retried with backoff; each report \
            carries an Idempotency-Key derived from the project, run, worker and its content, so a \
            retry or a re-run never stores anything twice.

            Exit status: 0 all reports stored, 1 something was not stored, 2 usage error. See docs/push.md.
            """
    )

    @Option(help: ArgumentHelp("The server, http://host:port[/prefix] (VERDICT_SERVER; default \(PushSettings.defaultServer)).", valueName: "url"))
    var server: String?

    @Option(help: ArgumentHelp("The project (VERDICT_PROJECT).", valueName: "name"))
    var project: String?

    @Option(name: .customLong("run"), help: ArgumentHelp("The run's key, shared by every shard of a build (VERDICT_RUN; default: the CI build's id).", valueName: "key"))
    var runKey: String?

    @Option(help: ArgumentHelp("This shard's or worker's name (VERDICT_WORKER).", valueName: "name"))
    var worker: String?

    @Option(help: ArgumentHelp("A write token (VERDICT_TOKEN; prefer the variable, arguments are visible to other processes).", valueName: "token"))
    var token: String?

    @Option(help: ArgumentHelp("The run's display name (VERDICT_NAME; default from CI).", valueName: "text"))
    var name: String?

    @Option(help: ArgumentHelp("The branch (VERDICT_BRANCH; default from CI).", valueName: "name"))
    var branch: String?

    @Option(help: ArgumentHelp("The commit (VERDICT_COMMIT; default from CI).", valueName: "sha"))
    var commit: String?

    @Option(help: ArgumentHelp("The CI build's page (VERDICT_URL; default from CI).", valueName: "url"))
    var url: String?

    @Option(help: ArgumentHelp("Retries of a request after a transient failure (VERDICT_RETRIES; default \(PushRetryPolicy().retries)).", valueName: "n"))
    var retries: String?

    @Option(help: ArgumentHelp("The most time one request may take, retries and waits included (VERDICT_TIMEOUT; default \(PushRetryPolicy.format(ms: PushRetryPolicy().timeoutMs))).", valueName: "duration"))
    var timeout: String?

    @Option(help: ArgumentHelp("The first retry's delay, doubling up to 30s (VERDICT_BACKOFF; default \(PushRetryPolicy.format(ms: PushRetryPolicy().initialDelayMs))).", valueName: "duration"))
    var backoff: String?

    @Flag(help: "A glob or file that matches nothing is not an error (VERDICT_ALLOW_EMPTY=1).")
    var allowEmpty = false

    @Argument(help: ArgumentHelp("JUnit XML files or globs (gzip files are sent as they are).", valueName: "file-or-glob"))
    var files: [String] = []

    func run() throws {
        let flags = PushSettings.Flags(
            server: server, project: project, run: runKey, worker: worker, token: token,
            name: name, branch: branch, commit: commit, url: url,
            retries: retries, timeout: timeout, backoff: backoff, allowEmpty: allowEmpty, patterns: files
        )
        let settings: PushSettings
        do {
            settings = try PushSettings(flags: flags, environment: ProcessEnvironment.variables())
        } catch {
            FileHandle.standardErrorWrite("verdict push: \(error)\nSee 'verdict push --help'.\n")
            throw ExitCode(2)
        }
        let sender = PushSender(
            transport: HTTPPushTransport(host: settings.server.host, port: settings.server.port),
            policy: settings.policy, clock: SystemPushClock(),
            log: { FileHandle.standardErrorWrite("verdict push: \($0)\n") }
        )
        let session = PushSession(
            settings: settings, sender: sender,
            output: { line in
                print(line)
                fflush(nil)  // CI logs show each file as it is stored (nil: every output stream)
            },
            errors: { FileHandle.standardErrorWrite("verdict push: \($0)\n") }
        )
        guard session.perform() else { throw ExitCode(1) }
    }
}
