import Reports

/// One counted run of a test: what the flakiness model reads.
struct FlakyObservation: Sendable, Equatable {
    var runID: Int64
    var run: String
    var branch: String?
    var commit: String?
    var at: Int64?
    var verdict: Verdict

    /// The run's final outcome was a failure. A `flaky` verdict passed in the end.
    var failing: Bool { verdict == .failed || verdict == .error }
}

/// The flakiness model as a pure function of one test's counted runs (docs/flaky.md).
///
/// Signals are measured over the whole window. The classification looks only at the runs since
/// the test's last stretch of `healthyAfter` clean runs: such a stretch clears old evidence, and
/// new evidence is needed to call the test flaky again, so it does not flap between states.
enum FlakyClassifier {
    static func evaluate(
        test: String, observations: [FlakyObservation], model: FlakyModel, minRuns: Int, quarantined: Bool
    ) -> FlakyTest {
        // Skipped results are no outcome: they never count as a run, a flip or a streak break.
        let runs = observations.filter { $0.verdict != .skipped }.sorted { $0.runID < $1.runID }
        var signals = FlakySignals()
        signals.runs = runs.count
        signals.failed = runs.count(where: \.failing)

        let retries = runs.filter { $0.verdict == .flaky }
        signals.retryCount = retries.count
        signals.retryRuns = retries.reversed().prefix(model.maxEvidence).map(\.run)

        let commitFlakes = Self.commitFlakes(runs)
        let commitFailingRuns = Set(commitFlakes.flatMap { $0.failing.map(\.runID) })
        signals.commitFlakes = commitFlakes.prefix(model.maxEvidence).map(\.evidence)

        let flips = Self.flips(runs)
        signals.flips = flips.count
        signals.transitions = flips.transitions
        signals.cleanStreak = runs.reversed().prefix { $0.verdict == .passed }.count
        signals.failingStreak = runs.reversed().prefix(while: \.failing).count

        var events: [(FlakyObservation, FlakeEvent.Kind)] = retries.map { ($0, .retry) }
        events += runs.filter { commitFailingRuns.contains($0.runID) }.map { ($0, .commit) }
        events += flips.recoveredFailures.map { ($0, .flip) }
        if let last = events.max(by: { $0.0.runID < $1.0.runID }) {
            signals.lastFlake = FlakeEvent(run: last.0.run, at: last.0.at, kind: last.1)
        }

        // The runs whose evidence still counts: after the last clean stretch.
        let current = Array(runs[Self.currentStart(runs, healthyAfter: model.healthyAfter)...])
        let currentRetries = current.count { $0.verdict == .flaky }
        let currentCommitFailures = current.count { commitFailingRuns.contains($0.runID) }
        let currentFlips = Self.flips(current)
        let flipEvidence = currentFlips.count >= model.minFlips
            && Double(currentFlips.count) >= model.flipRateThreshold * Double(currentFlips.transitions)

        let classification: FlakyClassification?
        let reason: String
        if runs.count < minRuns {
            classification = nil
            reason = "\(runs.count) run\(runs.count == 1 ? "" : "s") in the window, fewer than min_runs (\(minRuns)): no verdict"
        } else if signals.failingStreak >= model.brokenStreak {
            classification = .broken
            reason = "failed its last \(signals.failingStreak) runs"
        } else if currentRetries > 0 || currentCommitFailures > 0 || flipEvidence {
            classification = .flaky
            var parts: [String] = []
            if currentRetries > 0 { parts.append("failed then passed on a retry in \(currentRetries) run\(currentRetries == 1 ? "" : "s")") }
            if currentCommitFailures > 0 {
                parts.append("failed in \(currentCommitFailures) run\(currentCommitFailures == 1 ? "" : "s") on a commit that also passed")
            }
            if flipEvidence { parts.append("\(currentFlips.count) pass↔fail flips in \(current.count) runs") }
            reason = parts.joined(separator: "; ")
        } else {
            classification = .healthy
            if signals.lastFlake != nil && current.isEmpty {
                reason = "clean for \(signals.cleanStreak) runs since its last flake (healthy after \(model.healthyAfter))"
            } else if signals.failed > 0 || signals.retryCount > 0 {
                reason = "no flake evidence since its last \(model.healthyAfter) clean runs: \(signals.failed) failed run\(signals.failed == 1 ? "" : "s"), \(signals.flips) flip\(signals.flips == 1 ? "" : "s")"
            } else {
                reason = "no failures"
            }
        }
        return FlakyTest(
            test: test, classification: classification, score: score(signals, commitFailingRuns: commitFailingRuns.count, model: model),
            reason: reason, quarantined: quarantined, signals: signals)
    }

    /// `1 − (1 − retry share)(1 − flip rate)(1 − commit-flake share)`: the signals combined as if
    /// independent chances that a run shows flakiness, so one strong signal ranks high and
    /// agreeing signals rank higher. Shares are of the window's runs. The flip rate counts once it
    /// is evidence (`minFlips` flips): one failure and its fix is explained by a change, not
    /// flakiness. Rounded to 3 places.
    static func score(_ signals: FlakySignals, commitFailingRuns: Int, model: FlakyModel) -> Double {
        guard signals.runs > 0 else { return 0 }
        let n = Double(signals.runs)
        let flipRate = signals.flips >= model.minFlips ? signals.flipRate : 0
        let calm = (1 - Double(signals.retryCount) / n) * (1 - flipRate) * (1 - Double(commitFailingRuns) / n)
        return ((1 - calm) * 1000).rounded() / 1000
    }

    /// Where the runs whose evidence counts begin: just after the last stretch of `healthyAfter`
    /// clean passes (0 when there is none; `runs.count` when the test is clean now).
    static func currentStart(_ runs: [FlakyObservation], healthyAfter: Int) -> Int {
        var start = 0, clean = 0
        for (i, run) in runs.enumerated() {
            if run.verdict == .passed {
                clean += 1
                if clean >= healthyAfter { start = i + 1 }
            } else {
                clean = 0
            }
        }
        return start
    }

    struct Flips {
        var count = 0
        var transitions = 0
        /// Failures followed by a pass in the next run of the same branch.
        var recoveredFailures: [FlakyObservation] = []
    }

    /// Pass↔fail changes between consecutive runs of each branch (a `flaky` verdict is a pass).
    static func flips(_ runs: [FlakyObservation]) -> Flips {
        var result = Flips()
        var previous: [String?: FlakyObservation] = [:]
        for run in runs {
            if let before = previous[run.branch] {
                result.transitions += 1
                if before.failing != run.failing {
                    result.count += 1
                    if before.failing { result.recoveredFailures.append(before) }
                }
            }
            previous[run.branch] = run
        }
        return result
    }

    struct CommitRuns {
        var commit: String
        var all: [FlakyObservation]
        var failing: [FlakyObservation] { all.filter(\.failing) }

        var evidence: CommitFlake {
            let newestFirst = all.reversed()
            return CommitFlake(
                commit: commit, runs: newestFirst.map(\.run),
                failedRuns: newestFirst.filter(\.failing).map(\.run), passedRuns: newestFirst.filter { !$0.failing }.map(\.run))
        }
    }

    /// Commits with both a failing and a passing run, the most recently failing first.
    static func commitFlakes(_ runs: [FlakyObservation]) -> [CommitRuns] {
        var byCommit: [String: [FlakyObservation]] = [:]
        for run in runs { if let commit = run.commit, !commit.isEmpty { byCommit[commit, default: []].append(run) } }
        return byCommit.compactMap { commit, runs in
            runs.contains(where: \.failing) && runs.contains(where: { !$0.failing }) ? CommitRuns(commit: commit, all: runs) : nil
        }.sorted { ($0.all.last?.runID ?? 0) > ($1.all.last?.runID ?? 0) }
    }
}
