import Foundation
import Reports
import Testing

/// Where `verdict push` takes its settings from: flags, `VERDICT_*` variables, the CI service's
/// variables; how it expands globs; and how it refuses a command line that says too little.
@Suite struct PushOptionsTests {
    @Test func variables_supplyEveryOption_andFlagsWin() throws {
        let server = try FakeVerdictServer()
        let reports = try ReportFolder(["r.xml": junitReport(["t"])])
        let environment = [
            "VERDICT_SERVER": server.baseURL, "VERDICT_PROJECT": "env-project", "VERDICT_RUN": "env-run",
            "VERDICT_WORKER": "env-worker", "VERDICT_TOKEN": "env-token", "VERDICT_BRANCH": "env-branch",
        ]

        let fromVariables = try runPush([reports.path("r.xml")], environment: environment)
        #expect(fromVariables.status == 0, "\(fromVariables.stderr)")
        let put = try #require(server.requests.first)
        #expect(put.method == "PUT" && put.target == "/api/v1/projects/env-project/runs/env-run")
        #expect(try JSONParser.parse(put.body) == ["branch": "env-branch"])
        #expect(server.posts.last?.target == "/api/v1/projects/env-project/runs/env-run/junit?worker=env-worker")
        #expect(server.posts.last?.headers["Authorization"] == "Bearer env-token")

        let overridden = try runPush([reports.path("r.xml"), "--project", "p", "--run", "r", "--worker", "w", "--token", "k"], environment: environment)
        #expect(overridden.status == 0, "\(overridden.stderr)")
        #expect(server.posts.last?.target == "/api/v1/projects/p/runs/r/junit?worker=w")
        #expect(server.posts.last?.headers["Authorization"] == "Bearer k")
    }

    struct CICase: Sendable, CustomTestStringConvertible {
        let provider: String
        let environment: [String: String]
        let run: String
        let description: [String: String]
        var testDescription: String { provider }
    }

    static let ciCases: [CICase] = [
        CICase(
            provider: "github-actions",
            environment: [
                "GITHUB_ACTIONS": "true", "GITHUB_RUN_ID": "9876543210", "GITHUB_RUN_ATTEMPT": "2", "GITHUB_RUN_NUMBER": "41",
                "GITHUB_WORKFLOW": "CI", "GITHUB_REF_NAME": "main", "GITHUB_HEAD_REF": "", "GITHUB_SHA": "0123abcd",
                "GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "acme/shop",
            ],
            run: "9876543210-2",
            description: [
                "name": "CI #41", "branch": "main", "commit": "0123abcd",
                "url": "https://github.com/acme/shop/actions/runs/9876543210/attempts/2",
            ]
        ),
        CICase(
            provider: "gitlab-ci",
            environment: [
                "GITLAB_CI": "true", "CI_PIPELINE_ID": "1122", "CI_PIPELINE_IID": "87", "CI_PROJECT_PATH": "acme/shop",
                "CI_COMMIT_REF_NAME": "feature/x", "CI_COMMIT_SHA": "feedbeef", "CI_PIPELINE_URL": "https://gitlab.example/acme/shop/-/pipelines/1122",
            ],
            run: "1122",
            description: [
                "name": "acme/shop #87", "branch": "feature/x", "commit": "feedbeef",
                "url": "https://gitlab.example/acme/shop/-/pipelines/1122",
            ]
        ),
        CICase(
            provider: "jenkins",
            environment: [
                "JENKINS_URL": "https://jenkins.example/", "BUILD_TAG": "jenkins-shop-main-55", "JOB_NAME": "shop/main",
                "BUILD_NUMBER": "55", "GIT_BRANCH": "origin/main", "GIT_COMMIT": "c0ffee", "BUILD_URL": "https://jenkins.example/job/shop/job/main/55/",
            ],
            run: "jenkins-shop-main-55",
            description: ["name": "shop/main #55", "branch": "main", "commit": "c0ffee", "url": "https://jenkins.example/job/shop/job/main/55/"]
        ),
        CICase(
            provider: "buildkite",
            environment: [
                "BUILDKITE": "true", "BUILDKITE_BUILD_ID": "0190-aaaa", "BUILDKITE_BUILD_NUMBER": "12", "BUILDKITE_PIPELINE_SLUG": "shop",
                "BUILDKITE_BRANCH": "main", "BUILDKITE_COMMIT": "HEAD", "BUILDKITE_BUILD_URL": "https://buildkite.com/acme/shop/builds/12",
            ],
            run: "0190-aaaa",
            description: ["name": "shop #12", "branch": "main", "url": "https://buildkite.com/acme/shop/builds/12"]
        ),
    ]

    @Test(arguments: ciCases) func ciVariables_giveTheRunKey_andDescribeTheRun(_ ci: CICase) throws {
        let server = try FakeVerdictServer()
        let reports = try ReportFolder(["r.xml": junitReport(["t"])])

        let push = try runPush([reports.path("r.xml")], environment: ci.environment.merging([
            "VERDICT_SERVER": server.baseURL, "VERDICT_PROJECT": "shop", "VERDICT_TOKEN": "t",
        ]) { $1 })

        #expect(push.status == 0, "\(push.stderr)")
        let requests = server.requests
        #expect(requests.map(\.method) == ["PUT", "POST"])
        let expected = JSONValue.object(
            ci.description.sorted { order($0.key) < order($1.key) }.map { ($0.key, JSONValue.string($0.value)) }
                + [("attributes", ["ci": .string(ci.provider)])]
        )
        #expect(try JSONParser.parse(requests[0].body) == expected)
        #expect(requests[1].target == "/api/v1/projects/shop/runs/\(ci.run)/junit")
    }

    @Test func githubPullRequest_usesTheHeadBranch() throws {
        let server = try FakeVerdictServer()
        let reports = try ReportFolder(["r.xml": junitReport(["t"])])

        let push = try runPush([reports.path("r.xml")], environment: [
            "GITHUB_RUN_ID": "5", "GITHUB_REF_NAME": "17/merge", "GITHUB_HEAD_REF": "fix-login",
            "VERDICT_SERVER": server.baseURL, "VERDICT_PROJECT": "shop", "VERDICT_TOKEN": "t",
        ])

        #expect(push.status == 0, "\(push.stderr)")
        #expect(try JSONParser.parse(server.requests[0].body)["branch"] == "fix-login")
        #expect(server.posts.first?.target == "/api/v1/projects/shop/runs/5/junit")
    }

    @Test func quotedGlobs_areExpandedByPush_withDoubleStar_skippingHiddenFolders() throws {
        let server = try FakeVerdictServer()
        let reports = try ReportFolder([
            "build/TEST-top.xml": junitReport(["a"]),
            "build/mod/test-results/TEST-deep.xml": junitReport(["b"]),
            "build/mod/test-results/notes.txt": "not a report",
            "build/.cache/TEST-hidden.xml": junitReport(["c"]),
        ])

        let push = try runPush(server: server, "build/**/TEST-*.xml", "build/TEST-top.xml", directory: reports.root.path)

        #expect(push.status == 0, "\(push.stderr)")
        #expect(server.posts.map { $0.text.contains("name=\"b\"") ? "deep" : "top" } == ["top", "deep"])
        #expect(push.stdout.contains("from build/TEST-top.xml"))
        #expect(push.stdout.contains("from build/mod/test-results/TEST-deep.xml"))
    }

    @Test func aGlobMatchingNothing_isAnError_unlessEmptyIsAllowed() throws {
        let server = try FakeVerdictServer()
        let reports = try ReportFolder(["r.xml": junitReport(["t"])])

        let missing = try runPush(server: server, reports.path("*.json"))
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no file matches \(reports.path("*.json"))"))

        let partly = try runPush(server: server, reports.path("*.json"), reports.path("r.xml"))
        #expect(partly.status == 1, "the report that exists is sent, but the push still fails")
        #expect(server.posts.count == 1)

        let allowed = try runPush(server: server, reports.path("*.json"), "--allow-empty")
        #expect(allowed.status == 0)
        #expect(allowed.stderr.contains("nothing to push"))
        #expect(server.posts.count == 1)

        let folder = try runPush(server: server, reports.root.path)
        #expect(folder.status == 1)
        #expect(folder.stderr.contains("is a directory; to push the reports in it, pass '\(reports.root.path)/**/*.xml'"))
    }

    @Test func unreadableReport_isReported_andTheOthersSent() throws {
        let server = try FakeVerdictServer()
        let reports = try ReportFolder(["a.xml": junitReport(["t"]), "b.xml": junitReport(["u"])])
        try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: reports.path("a.xml"))
        guard getuid() != 0 else { return }  // root reads anything

        let push = try runPush(server: server, reports.path("*.xml"))

        #expect(push.status == 1)
        #expect(push.stderr.contains("cannot read \(reports.path("a.xml")): Permission denied"))
        #expect(server.posts.count == 1)
    }

    struct UsageCase: Sendable, CustomTestStringConvertible {
        let arguments: [String]
        let environment: [String: String]
        let message: String
        var testDescription: String { message }
    }

    static let usageCases: [UsageCase] = [
        UsageCase(arguments: ["--project", "p", "--run", "r", "r.xml"], environment: [:], message: "no token: set VERDICT_TOKEN"),
        UsageCase(arguments: ["--run", "r", "r.xml"], environment: ["VERDICT_TOKEN": "t"], message: "no project: pass --project"),
        UsageCase(arguments: ["--project", "p", "r.xml"], environment: ["VERDICT_TOKEN": "t"], message: "no run key: pass --run KEY"),
        UsageCase(arguments: ["--project", "p", "--run", "r"], environment: ["VERDICT_TOKEN": "t"], message: "no reports given"),
        UsageCase(arguments: ["--project", "p", "--run", "r", "--server", "https://verdict.example", "r.xml"], environment: ["VERDICT_TOKEN": "t"],
                  message: "https is not supported by verdict push"),
        UsageCase(arguments: ["--project", "p", "--run", "r", "r.xml"], environment: ["VERDICT_TOKEN": "t", "VERDICT_SERVER": "verdict:8080"],
                  message: "expected a URL like http://"),
        UsageCase(arguments: ["--project", "p", "--run", "r", "--retries", "many", "r.xml"], environment: ["VERDICT_TOKEN": "t"],
                  message: "--retries many: expected a number"),
        UsageCase(arguments: ["--project", "p", "--run", "r", "r.xml"], environment: ["VERDICT_TOKEN": "t", "VERDICT_TIMEOUT": "soon"],
                  message: "--timeout soon: expected a duration"),
    ]

    @Test(arguments: usageCases) func anIncompleteCommandLine_exitsTwo_sayingWhatIsMissing(_ usage: UsageCase) throws {
        let push = try runPush(usage.arguments, environment: usage.environment)

        #expect(push.status == 2)
        #expect(push.stderr.contains(usage.message), "\(push.stderr)")
        #expect(push.stdout.isEmpty)
    }
}

private func order(_ key: String) -> Int { ["name", "branch", "commit", "url"].firstIndex(of: key) ?? 9 }

/// `runPush(server:)` from another working directory.
private func runPush(server: FakeVerdictServer, _ arguments: String..., directory: String) throws -> PushResult {
    try runPush(["--server", server.baseURL, "--project", "demo", "--run", "build-7", "--token", "test-token"] + arguments, directory: directory)
}
