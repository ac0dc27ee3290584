import Reports

/// The runs a flaky report looks at, in run (id) order, shared by every test's observations.
/// Branches and commits are small integers so the model compares numbers, not strings.
struct FlakyRuns: Sendable {
    var keys: [String] = []
    var times: [Int64?] = []
    /// Dense branch numbers (a run without a branch has its own).
    var branches: [Int32] = []
    /// Dense commit numbers; -1 for a run without a commit.
    var commits: [Int32] = []
    var commitNames: [String] = []
    var branchCount = 0

    /// Appends a run, numbering its branch and commit on first sight.
    mutating func append(key: String, at: Int64?, branch: String?, commit: String?,
                         branchNumbers: inout [String?: Int32], commitNumbers: inout [String: Int32]) {
        keys.append(key)
        times.append(at)
        let b = branchNumbers[branch] ?? Int32(branchNumbers.count)
        branchNumbers[branch] = b
        branches.append(b)
        branchCount = branchNumbers.count
        if let commit, !commit.isEmpty {
            let c = commitNumbers[commit] ?? Int32(commitNumbers.count)
            if c == Int32(commitNames.count) { commitNames.append(commit) }
            commitNumbers[commit] = c
            commits.append(c)
        } else {
            commits.append(-1)
        }
    }

    var count: Int { keys.count }
}

/// A test's verdict in one counted run: what the flakiness model reads. Plain values, so the
/// tens of thousands of them a report reads cost no reference counting.
struct FlakyObservation: Sendable, Equatable {
    /// Index into `FlakyRuns`.
    var run: Int32
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
    /// `observations` must be in run order.
    static func evaluate(
        test: String, observations: [FlakyObservation], runs context: FlakyRuns, model: FlakyModel, minRuns: Int, quarantined: Bool
    ) -> FlakyTest {
        // Skipped results are no outcome: they never count as a run, a flip or a streak break.
        let runs = observations.filter { $0.verdict != .skipped }
        var signals = FlakySignals()
        signals.runs = runs.count
        signals.failed = runs.count(where: \.failing)

        let retries = runs.filter { $0.verdict == .flaky }
        signals.retryCount = retries.count
        signals.retryRuns = retries.reversed().prefix(model.maxEvidence).map { context.keys[Int($0.run)] }

        let flakyCommits = Self.flakyCommits(runs, context: context)
        let commitFlakes = Self.commitFlakes(runs, flakyCommits: flakyCommits, context: context)
        signals.commitFlakes = commitFlakes.prefix(model.maxEvidence).map { Self.evidence($0, context: context) }
        /// A failure on a commit that also passed.
        func isCommitFailure(_ run: FlakyObservation) -> Bool {
            let commit = context.commits[Int(run.run)]
            return run.failing && commit >= 0 && flakyCommits[Int(commit)]
        }
        let commitFailures = commitFlakes.isEmpty ? [] : runs.filter(isCommitFailure)

        let flips = Self.flips(runs[...], context: context)
        signals.flips = flips.count
        signals.transitions = flips.transitions
        signals.cleanStreak = runs.reversed().prefix { $0.verdict == .passed }.count
        signals.failingStreak = runs.reversed().prefix(while: \.failing).count

        var last: (run: Int32, kind: FlakeEvent.Kind)?
        func consider(_ run: Int32, _ kind: FlakeEvent.Kind) { if run > last?.run ?? -1 { last = (run, kind) } }
        // Ties go to the first kind considered: retry, then commit, then flip.
        for run in retries { consider(run.run, .retry) }
        for run in commitFailures { consider(run.run, .commit) }
        if let run = flips.lastRecoveredFailure { consider(run, .flip) }
        if let last { signals.lastFlake = FlakeEvent(run: context.keys[Int(last.run)], at: context.times[Int(last.run)], kind: last.kind) }

        // The runs whose evidence still counts: after the last clean stretch.
        let current = runs[Self.currentStart(runs, healthyAfter: model.healthyAfter)...]
        let currentRetries = current.count { $0.verdict == .flaky }
        let currentCommitFailures = commitFlakes.isEmpty ? 0 : current.count(where: isCommitFailure)
        let currentFlips = Self.flips(current, context: context)
        let flipEvidence = currentFlips.count >= model.minFlips
            && Double(currentFlips.count) >= model.flipRateThreshold * Double(currentFlips.transitions)

        let classification: FlakyClassification?
        let reason: String
        if runs.count < minRuns {
            classification = nil
            reason = "\(plural(runs.count, "run")) in the window, fewer than min_runs (\(minRuns)): no verdict"
        } else if signals.failingStreak >= model.brokenStreak {
            classification = .broken
            reason = "failed its last \(signals.failingStreak) runs"
        } else if currentRetries > 0 || currentCommitFailures > 0 || flipEvidence {
            classification = .flaky
            var parts: [String] = []
            if currentRetries > 0 { parts.append("failed then passed on a retry in \(plural(currentRetries, "run"))") }
            if currentCommitFailures > 0 { parts.append("failed in \(plural(currentCommitFailures, "run")) on a commit that also passed") }
            if flipEvidence { parts.append("\(plural(currentFlips.count, "pass/fail flip")) in \(current.count) runs") }
            reason = parts.joined(separator: "; ")
        } else {
            classification = .healthy
            if signals.lastFlake != nil && current.isEmpty {
                reason = "clean for \(signals.cleanStreak) runs since its last flake (healthy after \(model.healthyAfter))"
            } else if signals.failed > 0 {
                reason = "\(plural(signals.failed, "failed run")) and \(plural(signals.flips, "flip")), no flake evidence"
            } else {
                reason = "no failures"
            }
        }
        return FlakyTest(
            test: test, classification: classification,
            score: score(signals, commitFailingRuns: commitFailures.count, model: model),
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
        /// The latest failure followed by a pass in the next run of its branch.
        var lastRecoveredFailure: Int32?
    }

    /// Pass↔fail changes between consecutive runs of each branch (a `flaky` verdict is a pass).
    static func flips(_ runs: ArraySlice<FlakyObservation>, context: FlakyRuns) -> Flips {
        var result = Flips()
        // Per branch: the previous run's index into `FlakyRuns` and whether it failed.
        var previous = [(run: Int32, failing: Bool)?](repeating: nil, count: context.branchCount)
        for run in runs {
            let branch = Int(context.branches[Int(run.run)])
            if let before = previous[branch] {
                result.transitions += 1
                if before.failing != run.failing {
                    result.count += 1
                    if before.failing { result.lastRecoveredFailure = max(result.lastRecoveredFailure ?? -1, before.run) }
                }
            }
            previous[branch] = (run.run, run.failing)
        }
        return result
    }

    /// By commit number: whether the test both failed and passed on it. O(runs), no hashing.
    static func flakyCommits(_ runs: [FlakyObservation], context: FlakyRuns) -> [Bool] {
        var failed = [Bool](repeating: false, count: context.commitNames.count)
        var passed = failed
        for run in runs {
            let commit = Int(context.commits[Int(run.run)])
            guard commit >= 0 else { continue }
            if run.failing { failed[commit] = true } else { passed[commit] = true }
        }
        return zip(failed, passed).map { $0 && $1 }
    }

    /// The runs of each flaky commit in run order; the most recently run commit first.
    static func commitFlakes(_ runs: [FlakyObservation], flakyCommits: [Bool], context: FlakyRuns) -> [[FlakyObservation]] {
        guard flakyCommits.contains(true) else { return [] }
        var groups: [Int32: [FlakyObservation]] = [:]
        for run in runs {
            let commit = context.commits[Int(run.run)]
            if commit >= 0, flakyCommits[Int(commit)] { groups[commit, default: []].append(run) }
        }
        return groups.values.sorted { ($0.last?.run ?? 0) > ($1.last?.run ?? 0) }
    }

    static func evidence(_ group: [FlakyObservation], context: FlakyRuns) -> CommitFlake {
        let newestFirst = group.reversed()
        func keys(_ runs: [FlakyObservation]) -> [String] { runs.map { context.keys[Int($0.run)] } }
        return CommitFlake(
            commit: context.commitNames[Int(context.commits[Int(group[0].run)])], runs: keys(Array(newestFirst)),
            failedRuns: keys(newestFirst.filter(\.failing)), passedRuns: keys(newestFirst.filter { !$0.failing }))
    }

    private static func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
}
