/// What a CI service says about the build `verdict push` runs in, read from its environment
/// variables. Only one service is read, so a GitHub branch is never paired with a Jenkins commit.
struct CIEnvironment: Equatable, Sendable {
    /// `github-actions`, `gitlab-ci`, `jenkins` or `buildkite`; stored as the run's `ci` attribute.
    var provider: String
    /// A key every job and shard of one build shares, so their pushes land in one run.
    var runKey: String?
    var name: String?
    var branch: String?
    var commit: String?
    var url: String?

    /// The first service whose variables are present, in the order GitHub Actions, GitLab CI,
    /// Jenkins, Buildkite; nil outside CI. Empty variables count as absent.
    static func detect(_ environment: [String: String]) -> CIEnvironment? {
        let variables = Variables(environment)
        return githubActions(variables) ?? gitlabCI(variables) ?? jenkins(variables) ?? buildkite(variables)
    }

    /// GitHub Actions. A re-run of a workflow gets a new attempt number and so a run of its own;
    /// on `pull_request` events the branch is the PR's head (`GITHUB_REF_NAME` is `123/merge` there).
    private static func githubActions(_ v: Variables) -> CIEnvironment? {
        guard let id = v["GITHUB_RUN_ID"] else { return nil }
        var url: String?
        if let server = v["GITHUB_SERVER_URL"], let repository = v["GITHUB_REPOSITORY"] {
            url = "\(server)/\(repository)/actions/runs/\(id)" + (v["GITHUB_RUN_ATTEMPT"].map { "/attempts/\($0)" } ?? "")
        }
        return CIEnvironment(
            provider: "github-actions",
            runKey: id + (v["GITHUB_RUN_ATTEMPT"].map { "-\($0)" } ?? ""),
            name: v["GITHUB_WORKFLOW"].map { name in v["GITHUB_RUN_NUMBER"].map { "\(name) #\($0)" } ?? name },
            branch: v["GITHUB_HEAD_REF"] ?? v["GITHUB_REF_NAME"],
            commit: v["GITHUB_SHA"],
            url: url
        )
    }

    private static func gitlabCI(_ v: Variables) -> CIEnvironment? {
        guard let id = v["CI_PIPELINE_ID"] else { return nil }
        return CIEnvironment(
            provider: "gitlab-ci",
            runKey: id,
            name: v["CI_PROJECT_PATH"].map { path in v["CI_PIPELINE_IID"].map { "\(path) #\($0)" } ?? path },
            branch: v["CI_COMMIT_REF_NAME"],
            commit: v["CI_COMMIT_SHA"],
            url: v["CI_PIPELINE_URL"]
        )
    }

    /// Jenkins. `BUILD_TAG` is `jenkins-${JOB_NAME}-${BUILD_NUMBER}` with the job's slashes turned
    /// into dashes. `GIT_BRANCH` (the Git plugin's) is the remote-tracking name: `origin/` is dropped.
    private static func jenkins(_ v: Variables) -> CIEnvironment? {
        guard let tag = v["BUILD_TAG"], v["JENKINS_URL"] != nil || v["JENKINS_HOME"] != nil || tag.hasPrefix("jenkins-") else {
            return nil
        }
        let gitBranch = v["GIT_BRANCH"].map { $0.hasPrefix("origin/") ? String($0.dropFirst("origin/".count)) : $0 }
        return CIEnvironment(
            provider: "jenkins",
            runKey: tag,
            name: v["JOB_NAME"].map { job in v["BUILD_NUMBER"].map { "\(job) #\($0)" } ?? job },
            branch: v["BRANCH_NAME"] ?? gitBranch,
            commit: v["GIT_COMMIT"],
            url: v["BUILD_URL"]
        )
    }

    /// Buildkite. `BUILDKITE_COMMIT` is the literal `HEAD` until the agent has checked out; that is
    /// not a commit.
    private static func buildkite(_ v: Variables) -> CIEnvironment? {
        guard let id = v["BUILDKITE_BUILD_ID"] else { return nil }
        return CIEnvironment(
            provider: "buildkite",
            runKey: id,
            name: v["BUILDKITE_PIPELINE_SLUG"].map { slug in v["BUILDKITE_BUILD_NUMBER"].map { "\(slug) #\($0)" } ?? slug },
            branch: v["BUILDKITE_BRANCH"],
            commit: v["BUILDKITE_COMMIT"].flatMap { $0 == "HEAD" ? nil : $0 },
            url: v["BUILDKITE_BUILD_URL"]
        )
    }

    /// Environment lookups where an empty or blank value is absent.
    private struct Variables {
        let environment: [String: String]
        init(_ environment: [String: String]) { self.environment = environment }

        subscript(name: String) -> String? {
            guard let value = environment[name], value.contains(where: { !$0.isWhitespace }) else { return nil }
            return value
        }
    }
}
