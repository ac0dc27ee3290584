import Reports
@testable import Store
import Testing

/// The flakiness model on hand-written histories. Each character is one run of the test, oldest
/// first: P passed, F failed, E error, S skipped, R failed then passed on a retry.
@Suite struct FlakyClassifierTests {
    static func runs(_ outcomes: String, branch: String = "main", commits: [String?]? = nil, firstID: Int64 = 1) -> [FlakyObservation] {
        outcomes.enumerated().map { i, code in
            let verdict: Verdict = switch code {
            case "P": .passed
            case "F": .failed
            case "E": .error
            case "S": .skipped
            default: .flaky
            }
            let id = firstID + Int64(i)
            return FlakyObservation(
                runID: id, run: "\(branch)-\(id)", branch: branch, commit: commits?[i] ?? "c\(id)", at: id * 1000, verdict: verdict)
        }
    }

    static func evaluate(_ runs: [FlakyObservation], model: FlakyModel = FlakyModel(), minRuns: Int = 5) -> FlakyTest {
        FlakyClassifier.evaluate(test: "t", observations: runs, model: model, minRuns: minRuns, quarantined: false)
    }

    @Test func failThenPassOnRetry_isFlaky_withTheRunsListed() {
        let test = Self.evaluate(Self.runs("PPRPPPRPP"))
        #expect(test.classification == .flaky)
        #expect(test.signals.retryCount == 2)
        #expect(test.signals.retryRuns == ["main-7", "main-3"])
        #expect(test.signals.lastFlake == FlakeEvent(run: "main-7", at: 7000, kind: .retry))
    }

    @Test func bothOutcomesOnOneCommit_isACommitFlake() {
        let test = Self.evaluate(Self.runs("PPFPPP", commits: ["a", "b", "c", "c", "d", "e"]))
        #expect(test.classification == .flaky)
        #expect(test.signals.commitFlakes == [CommitFlake(commit: "c", runs: ["main-4", "main-3"], failedRuns: ["main-3"], passedRuns: ["main-4"])])
        #expect(test.signals.lastFlake?.kind == .commit)
    }

    @Test func oneFailureOnItsOwnCommit_isNotFlaky() {
        let test = Self.evaluate(Self.runs("PPPPFPPPP"))
        #expect(test.classification == .healthy)
        #expect(test.signals.flips == 2 && test.signals.transitions == 8)
    }

    @Test func frequentFlips_areFlaky() {
        let test = Self.evaluate(Self.runs("PFPPFPPFPP"))
        #expect(test.classification == .flaky)
        #expect(test.signals.flips == 6)
        #expect(test.signals.flipRate == 6.0 / 9.0)
    }

    @Test func failingConsistently_isBroken_notFlaky() {
        let test = Self.evaluate(Self.runs("FFFFFFFFFF"))
        #expect(test.classification == .broken)
        #expect(test.signals.flips == 0 && test.score == 0)
    }

    @Test func brokenTakesPrecedence_overEarlierFlakes() {
        let test = Self.evaluate(Self.runs("PRPFPRFFFFF"))
        #expect(test.classification == .broken)
        #expect(test.signals.retryCount == 2)
        #expect(test.signals.failingStreak == 5)
    }

    @Test func aRecentBreak_isNotYetBroken_norFlaky() {
        let test = Self.evaluate(Self.runs("PPPPPPFFF"))
        #expect(test.classification == .healthy)
        #expect(test.signals.failingStreak == 3)
    }

    @Test func skippedRuns_neverCountAsFlips_norBreakAStreak() {
        let test = Self.evaluate(Self.runs("FSFSFSFSFS"))
        #expect(test.signals.flips == 0)
        #expect(test.signals.runs == 5)
        #expect(test.classification == .broken)
    }

    @Test func flakyThenFixed_isHealthyAfterEnoughCleanRuns() {
        var model = FlakyModel()
        model.healthyAfter = 5
        let fixed = Self.evaluate(Self.runs("RPRPFPPPPP"), model: model)
        #expect(fixed.classification == .healthy)
        #expect(fixed.signals.retryCount == 2)
        let notYet = Self.evaluate(Self.runs("RPRPFPPPP"), model: model)
        #expect(notYet.classification == .flaky)
    }

    /// After a clean stretch, one failure is not enough to call the test flaky again: it needs
    /// new evidence (a retry flake, a commit flake or repeated flips). No flapping.
    @Test func afterRecovery_oneFailureDoesNotFlipItBack_butNewEvidenceDoes() {
        var model = FlakyModel()
        model.healthyAfter = 5
        #expect(Self.evaluate(Self.runs("RRPPPPPFP"), model: model).classification == .healthy)
        #expect(Self.evaluate(Self.runs("RRPPPPPRP"), model: model).classification == .flaky)
    }

    @Test func fewerRunsThanMinRuns_getNoVerdict() {
        let test = Self.evaluate(Self.runs("PRP"), minRuns: 5)
        #expect(test.classification == nil)
        #expect(test.signals.retryCount == 1)
        #expect(Self.evaluate(Self.runs("PRP"), minRuns: 3).classification == .flaky)
    }

    @Test func flipsAreCountedPerBranch() {
        // main passes, a feature branch is broken: interleaved, they would look like flips.
        let main = Self.runs("PPPPPP", branch: "main", firstID: 1).map { var r = $0; r.runID *= 2; return r }
        let feature = Self.runs("FFFFFF", branch: "feat", commits: (1...6).map { "f\($0)" }, firstID: 1).map { var r = $0; r.runID = r.runID * 2 + 1; return r }
        let test = Self.evaluate(main + feature)
        #expect(test.signals.flips == 0)
        #expect(test.signals.transitions == 10)
        #expect(test.classification != .flaky)
    }

    @Test func score_combinesTheSignals_andOrdersByStrength() {
        let retryEveryRun = Self.evaluate(Self.runs("RRRRRRRRRR"))
        let rareRetry = Self.evaluate(Self.runs("PPPPRPPPPP"))
        let healthy = Self.evaluate(Self.runs("PPPPPPPPPP"))
        #expect(retryEveryRun.score == 1)
        #expect(rareRetry.score == 0.1)
        #expect(healthy.score == 0)
        let both = Self.evaluate(Self.runs("PFPFPRPPPP"))
        // retry 1/10, flips 4/9: 1 − 0.9 × (5/9) = 0.5
        #expect(both.score == 0.5)
        // One failure and its fix are two flips, explained by a change: no score.
        #expect(Self.evaluate(Self.runs("PPPPFPPPPP")).score == 0)
    }

    @Test func errorsCountAsFailures() {
        let test = Self.evaluate(Self.runs("EEEEEE"))
        #expect(test.classification == .broken)
        #expect(test.signals.failed == 6)
    }
}
