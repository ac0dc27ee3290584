import Reports
@testable import Store
import Testing

/// The flakiness model on hand-written histories. Each character is one run of the test, oldest
/// first: P passed, F failed, E error, S skipped, R failed then passed on a retry.
@Suite struct FlakyClassifierTests {
    /// One run of the story: its branch, commit and the test's outcome code.
    typealias Entry = (branch: String, commit: String, code: Character)

    /// The runs in order, keyed `branch-n` (n counting per branch), at n × 1000 ms.
    struct Story {
        var runs = FlakyRuns()
        var observations: [FlakyObservation] = []

        init(_ entries: [Entry]) {
            var branches: [String?: Int32] = [:], commits: [String: Int32] = [:], perBranch: [String: Int] = [:]
            for entry in entries {
                perBranch[entry.branch, default: 0] += 1
                let n = perBranch[entry.branch]!
                let index = Int32(runs.count)
                runs.append(key: "\(entry.branch)-\(n)", at: Int64(n) * 1000, branch: entry.branch, commit: entry.commit,
                            branchNumbers: &branches, commitNumbers: &commits)
                let verdict: Verdict = switch entry.code {
                case "P": .passed
                case "F": .failed
                case "E": .error
                case "S": .skipped
                default: .flaky
                }
                observations.append(FlakyObservation(run: index, verdict: verdict))
            }
        }

        /// One branch; run i is on commit `c<i>` unless `commits` says otherwise.
        init(_ outcomes: String, branch: String = "main", commits: [String]? = nil) {
            self.init(outcomes.enumerated().map { i, code in (branch, commits?[i] ?? "c\(i + 1)", code) })
        }
    }

    static func evaluate(_ story: Story, model: FlakyModel = FlakyModel(), minRuns: Int = 5) -> FlakyTest {
        FlakyClassifier.evaluate(test: "t", observations: story.observations, runs: story.runs, model: model, minRuns: minRuns, quarantined: false)
    }

    static func evaluate(_ outcomes: String, model: FlakyModel = FlakyModel(), minRuns: Int = 5) -> FlakyTest {
        evaluate(Story(outcomes), model: model, minRuns: minRuns)
    }

    @Test func failThenPassOnRetry_isFlaky_withTheRunsListed() {
        let test = Self.evaluate("PPRPPPRPP")
        #expect(test.classification == .flaky)
        #expect(test.signals.retryCount == 2)
        #expect(test.signals.retryRuns == ["main-7", "main-3"])
        #expect(test.signals.lastFlake == FlakeEvent(run: "main-7", at: 7000, kind: .retry))
    }

    @Test func bothOutcomesOnOneCommit_isACommitFlake() {
        let test = Self.evaluate(Story("PPFPPP", commits: ["a", "b", "c", "c", "d", "e"]))
        #expect(test.classification == .flaky)
        #expect(test.signals.commitFlakes == [CommitFlake(commit: "c", runs: ["main-4", "main-3"], failedRuns: ["main-3"], passedRuns: ["main-4"])])
        #expect(test.signals.lastFlake?.kind == .commit)
    }

    @Test func oneFailureOnItsOwnCommit_isNotFlaky() {
        let test = Self.evaluate("PPPPFPPPP")
        #expect(test.classification == .healthy)
        #expect(test.signals.flips == 2 && test.signals.transitions == 8)
    }

    @Test func frequentFlips_areFlaky() {
        let test = Self.evaluate("PFPPFPPFPP")
        #expect(test.classification == .flaky)
        #expect(test.signals.flips == 6)
        #expect(test.signals.flipRate == 6.0 / 9.0)
    }

    @Test func failingConsistently_isBroken_notFlaky() {
        let test = Self.evaluate("FFFFFFFFFF")
        #expect(test.classification == .broken)
        #expect(test.signals.flips == 0 && test.score == 0)
    }

    @Test func brokenTakesPrecedence_overEarlierFlakes() {
        let test = Self.evaluate("PRPFPRFFFFF")
        #expect(test.classification == .broken)
        #expect(test.signals.retryCount == 2)
        #expect(test.signals.failingStreak == 5)
    }

    @Test func aRecentBreak_isNotYetBroken_norFlaky() {
        let test = Self.evaluate("PPPPPPFFF")
        #expect(test.classification == .healthy)
        #expect(test.signals.failingStreak == 3)
    }

    @Test func skippedRuns_neverCountAsFlips_norBreakAStreak() {
        let test = Self.evaluate("FSFSFSFSFS")
        #expect(test.signals.flips == 0)
        #expect(test.signals.runs == 5)
        #expect(test.classification == .broken)
    }

    @Test func flakyThenFixed_isHealthyAfterEnoughCleanRuns() {
        var model = FlakyModel()
        model.healthyAfter = 5
        let fixed = Self.evaluate("RPRPFPPPPP", model: model)
        #expect(fixed.classification == .healthy)
        #expect(fixed.signals.retryCount == 2)
        let notYet = Self.evaluate("RPRPFPPPP", model: model)
        #expect(notYet.classification == .flaky)
    }

    @Test func byDefault_thirtyCleanRunsClearAFlakyTest() {
        let flakes = "PRPR"
        #expect(Self.evaluate(flakes + String(repeating: "P", count: 29)).classification == .flaky)
        #expect(Self.evaluate(flakes + String(repeating: "P", count: 30)).classification == .healthy)
    }

    /// After a clean stretch, one failure is not enough to call the test flaky again: it needs
    /// new evidence (a retry flake, a commit flake or repeated flips). No flapping.
    @Test func afterRecovery_oneFailureDoesNotFlipItBack_butNewEvidenceDoes() {
        var model = FlakyModel()
        model.healthyAfter = 5
        #expect(Self.evaluate("RRPPPPPFP", model: model).classification == .healthy)
        #expect(Self.evaluate("RRPPPPPRP", model: model).classification == .flaky)
    }

    @Test func fewerRunsThanMinRuns_getNoVerdict() {
        let test = Self.evaluate("PRP", minRuns: 5)
        #expect(test.classification == nil)
        #expect(test.signals.retryCount == 1)
        #expect(Self.evaluate("PRP", minRuns: 3).classification == .flaky)
    }

    @Test func flipsAreCountedPerBranch() {
        // main passes, a feature branch is broken: interleaved, they would look like flips.
        let story = Story((1...6).flatMap { i -> [Entry] in [("main", "m\(i)", "P"), ("feat", "f\(i)", "F")] })
        let test = Self.evaluate(story)
        #expect(test.signals.flips == 0)
        #expect(test.signals.transitions == 10)
        #expect(test.classification != .flaky)
    }

    @Test func score_combinesTheSignals_andOrdersByStrength() {
        let retryEveryRun = Self.evaluate("RRRRRRRRRR")
        let rareRetry = Self.evaluate("PPPPRPPPPP")
        let healthy = Self.evaluate("PPPPPPPPPP")
        #expect(retryEveryRun.score == 1)
        #expect(rareRetry.score == 0.1)
        #expect(healthy.score == 0)
        let both = Self.evaluate("PFPFPRPPPP")
        // retry 1/10, flips 4/9: 1 − 0.9 × (5/9) = 0.5
        #expect(both.score == 0.5)
        // One failure and its fix are two flips, explained by a change: no score.
        #expect(Self.evaluate("PPPPFPPPPP").score == 0)
    }

    @Test func errorsCountAsFailures() {
        let test = Self.evaluate("EEEEEE")
        #expect(test.classification == .broken)
        #expect(test.signals.failed == 6)
    }
}
