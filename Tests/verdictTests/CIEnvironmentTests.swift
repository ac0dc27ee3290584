import Testing
@testable import verdict

@Suite struct CIEnvironmentTests {
    @Test func outsideCI_nothingIsDetected() {
        #expect(CIEnvironment.detect(["PATH": "/usr/bin", "BUILD_TAG": "mine"]) == nil)
    }

    @Test func emptyVariables_countAsAbsent() {
        let ci = CIEnvironment.detect(["GITHUB_RUN_ID": "7", "GITHUB_RUN_ATTEMPT": "", "GITHUB_HEAD_REF": " ", "GITHUB_REF_NAME": "main"])
        #expect(ci?.runKey == "7")
        #expect(ci?.branch == "main")
        #expect(ci?.url == nil)
    }

    @Test func oneServiceIsRead_neverAMix() {
        let ci = CIEnvironment.detect(["CI_PIPELINE_ID": "3", "CI_COMMIT_SHA": "aaa", "GIT_COMMIT": "bbb", "BUILD_TAG": "jenkins-x-1", "JENKINS_URL": "j"])
        #expect(ci?.provider == "gitlab-ci")
        #expect(ci?.commit == "aaa")
    }

    @Test func jenkins_keepsABranchNamedLikeARemoteOnlyWithoutItsRemote() {
        #expect(CIEnvironment.detect(["BUILD_TAG": "jenkins-a-1", "GIT_BRANCH": "origin/release/2.0"])?.branch == "release/2.0")
        #expect(CIEnvironment.detect(["BUILD_TAG": "jenkins-a-1", "GIT_BRANCH": "origin/x", "BRANCH_NAME": "PR-5"])?.branch == "PR-5")
    }
}
