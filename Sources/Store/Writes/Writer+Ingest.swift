import Reports

extension Writer {
    /// Stores results into `(project, run)`, creating both on first use. A result whose
    /// `(run, test, attempt)` is already stored is counted as a duplicate and changes nothing.
    public func ingest(
        project: String, run: String, results: [TestResult], defaultWorker: String, numbering: AttemptNumbering = .asSent
    ) throws -> IngestOutcome {
        let projectID = try projectID(project)
        let (runID, runStatus, created) = try runID(projectID: projectID, key: run)
        var accepted = 0
        var lanes: [String: WorkerSummary] = [:]
        var counts = VerdictDelta()
        var firstStart: Int64?
        for var result in results {
            let (testID, testSuite) = try test(projectID: projectID, result: result)
            result.attempt = try numbering.attempt(result.attempt, runID: runID, testID: testID, connection: connection)
            let worker = result.worker ?? defaultWorker
            let inserted = try connection.run(
                """
                INSERT INTO results (run_id, test_id, attempt, status, duration_ms, started_at, worker, suite,
                                     message, trace, output, attributes, received_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (run_id, test_id, attempt) DO NOTHING
                """,
                [.integer(runID), .integer(testID), .int(result.attempt), .text(result.status.rawValue),
                 .optional(result.durationMs), .optional(result.startedAt), .text(worker),
                 result.suite == testSuite ? .null : .optional(result.suite), .optional(result.message), .optional(result.trace), .optional(result.output),
                 result.attributes.isEmpty ? .null : .text(AttributesJSON.encode(result.attributes)), .integer(now)])
            guard inserted == 1 else { continue }
            accepted += 1
            let signatureID = try signatureID(projectID: projectID, result: result)
            let (old, new) = try recordVerdict(runID: runID, testID: testID, result: result, worker: worker, signatureID: signatureID)
            counts.move(from: old, to: new)
            let start = result.startedAt ?? now
            let end = start + (result.durationMs ?? 0)
            firstStart = min(firstStart ?? start, start)
            lanes[worker, default: WorkerSummary(name: worker, results: 0, firstAt: start, lastAt: end)].add(start: start, end: end)
        }
        for lane in lanes.values {
            try connection.run(
                """
                INSERT INTO run_workers (run_id, name, results, first_at, last_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (run_id, name) DO UPDATE SET results = results + excluded.results,
                    first_at = min(first_at, excluded.first_at), last_at = max(last_at, excluded.last_at)
                """,
                [.integer(runID), .text(lane.name), .int(lane.results), .integer(lane.firstAt), .integer(lane.lastAt)])
        }
        try connection.run(
            """
            UPDATE runs SET updated_at = ?, started_at = coalesce(started_at, ?),
                passed = passed + ?, failed = failed + ?, error = error + ?, skipped = skipped + ?, flaky = flaky + ?,
                attempts = attempts + ?
            WHERE id = ?
            """,
            [.integer(now), .optional(firstStart), .int(counts[.passed]), .int(counts[.failed]), .int(counts[.error]),
             .int(counts[.skipped]), .int(counts[.flaky]), .int(accepted), .integer(runID)])
        // Late results into a finished run still count: its status follows them.
        if accepted > 0 && runStatus != .running { try settleStatus(runID: runID) }
        return IngestOutcome(accepted: accepted, duplicates: results.count - accepted, runCreated: created)
    }

    /// The id of this failure's signature, creating it on first sight; nil for passes and skips.
    private func signatureID(projectID: Int64, result: TestResult) throws -> Int64? {
        guard result.status.isFailure,
              let text = FailureSignature.of(
                type: result.attributes["junit.type"] ?? result.attributes["exception.type"],
                message: result.message, trace: result.trace)
        else { return nil }
        if let id = try connection.queryOne(
            "SELECT id FROM signatures WHERE project_id = ? AND text = ?", [.integer(projectID), .text(text)], map: { $0.int(0) })
        {
            return id
        }
        try connection.run("INSERT INTO signatures (project_id, text) VALUES (?, ?)", [.integer(projectID), .text(text)])
        return connection.lastInsertRowID
    }

    /// Folds one new attempt into the test's verdict in the run, whatever order attempts arrive in.
    /// Returns the verdict before (nil for a test new to the run) and after.
    private func recordVerdict(
        runID: Int64, testID: Int64, result: TestResult, worker: String, signatureID: Int64?
    ) throws -> (Verdict?, Verdict) {
        var state = TestInRun(first: result, worker: worker, signatureID: signatureID)
        var old: Verdict?
        if let previous = try connection.queryOne(
            """
            SELECT verdict, attempts, last_attempt, last_status, failed_attempts, duration_ms, worker, signature_id, signature_attempt
            FROM run_tests WHERE run_id = ? AND test_id = ?
            """,
            [.integer(runID), .integer(testID)], map: TestInRun.init(row:))
        {
            old = previous.verdict
            state = previous.adding(result, worker: worker, signatureID: signatureID)
        }
        try connection.run(
            """
            INSERT OR REPLACE INTO run_tests (run_id, test_id, verdict, attempts, last_attempt, last_status,
                                              failed_attempts, duration_ms, worker, signature_id, signature_attempt)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [.integer(runID), .integer(testID), .text(state.verdict.rawValue), .integer(state.attempts), .integer(state.lastAttempt),
             .text(state.lastStatus.rawValue), .integer(state.failedAttempts), .optional(state.durationMs), .text(state.worker),
             .optional(state.signatureID), .optional(state.signatureAttempt)])
        return (old, state.verdict)
    }
}

/// One row of `run_tests`: a test's attempts in a run folded into a verdict.
struct TestInRun {
    var verdict: Verdict
    var attempts: Int64
    var lastAttempt: Int64
    var lastStatus: Status
    var failedAttempts: Int64
    var durationMs: Int64?
    var worker: String
    var signatureID: Int64?
    var signatureAttempt: Int64?

    init(first result: TestResult, worker: String, signatureID: Int64?) {
        attempts = 1
        lastAttempt = Int64(result.attempt)
        lastStatus = result.status
        failedAttempts = result.status.isFailure ? 1 : 0
        durationMs = result.durationMs
        self.worker = worker
        self.signatureID = signatureID
        signatureAttempt = signatureID == nil ? nil : Int64(result.attempt)
        verdict = Verdict.of(last: lastStatus, anyFailedAttempt: failedAttempts > 0)
    }

    init(row: Row) {
        verdict = Verdict(rawValue: row.text(0)) ?? .error
        attempts = row.int(1)
        lastAttempt = row.int(2)
        lastStatus = Status(rawValue: row.text(3)) ?? .error
        failedAttempts = row.int(4)
        durationMs = row.optionalInt(5)
        worker = row.text(6)
        signatureID = row.optionalInt(7)
        signatureAttempt = row.optionalInt(8)
    }

    func adding(_ result: TestResult, worker: String, signatureID: Int64?) -> TestInRun {
        var next = self
        next.attempts += 1
        if result.status.isFailure { next.failedAttempts += 1 }
        if Int64(result.attempt) > lastAttempt {
            next.lastAttempt = Int64(result.attempt)
            next.lastStatus = result.status
            next.worker = worker
        }
        if let signatureID, Int64(result.attempt) >= (signatureAttempt ?? 0) {
            next.signatureID = signatureID
            next.signatureAttempt = Int64(result.attempt)
        }
        if let d = result.durationMs { next.durationMs = (durationMs ?? 0) + d }
        next.verdict = Verdict.of(last: next.lastStatus, anyFailedAttempt: next.failedAttempts > 0)
        return next
    }
}

/// Changes to a run's per-verdict test counts within one batch.
struct VerdictDelta {
    private var deltas: [Verdict: Int] = [:]

    subscript(verdict: Verdict) -> Int { deltas[verdict, default: 0] }

    mutating func move(from old: Verdict?, to new: Verdict) {
        guard old != new else { return }
        if let old { deltas[old, default: 0] -= 1 }
        deltas[new, default: 0] += 1
    }
}

extension WorkerSummary {
    mutating func add(start: Int64, end: Int64) {
        results += 1
        firstAt = min(firstAt, start)
        lastAt = max(lastAt, end)
    }
}
