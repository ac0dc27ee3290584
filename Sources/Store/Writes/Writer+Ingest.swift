import Reports

extension Writer {
    /// Stores results into `(project, run)`, creating both on first use. A result whose
    /// `(run, test, attempt)` is already stored is counted as a duplicate and changes nothing.
    public func ingest(project: String, run: String, results: [TestResult], defaultWorker: String) throws -> IngestOutcome {
        let projectID = try projectID(project)
        let (runID, runStatus, created) = try runID(projectID: projectID, key: run)
        var accepted = 0
        var lanes: [String: WorkerSummary] = [:]
        var firstStart: Int64?
        for result in results {
            let testID = try testID(projectID: projectID, result: result)
            let worker = result.worker ?? defaultWorker
            let inserted = try connection.run(
                """
                INSERT INTO results (run_id, test_id, attempt, status, duration_ms, started_at, worker,
                                     message, trace, output, attributes, received_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (run_id, test_id, attempt) DO NOTHING
                """,
                [.integer(runID), .integer(testID), .int(result.attempt), .text(result.status.rawValue),
                 .optional(result.durationMs), .optional(result.startedAt), .text(worker),
                 .optional(result.message), .optional(result.trace), .optional(result.output),
                 result.attributes.isEmpty ? .null : .text(AttributesJSON.encode(result.attributes)), .integer(now)])
            guard inserted == 1 else { continue }
            accepted += 1
            try recordVerdict(runID: runID, testID: testID, result: result, worker: worker)
            let start = result.startedAt ?? now
            let end = start + (result.durationMs ?? 0)
            firstStart = min(firstStart ?? start, start)
            if var lane = lanes[worker] {
                lane.results += 1
                lane.firstAt = min(lane.firstAt, start)
                lane.lastAt = max(lane.lastAt, end)
                lanes[worker] = lane
            } else {
                lanes[worker] = WorkerSummary(name: worker, results: 1, firstAt: start, lastAt: end)
            }
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
            "UPDATE runs SET updated_at = ?, started_at = coalesce(started_at, ?) WHERE id = ?",
            [.integer(now), .optional(firstStart), .integer(runID)])
        // Late results into a finished run still count: its status follows them.
        if accepted > 0 && runStatus != .running { try settleStatus(runID: runID) }
        return IngestOutcome(accepted: accepted, duplicates: results.count - accepted, runCreated: created)
    }

    /// Folds one new attempt into the test's verdict in the run, whatever order attempts arrive in.
    private func recordVerdict(runID: Int64, testID: Int64, result: TestResult, worker: String) throws {
        let failed: Int64 = result.status.isFailure ? 1 : 0
        var attempts: Int64 = 1, lastAttempt = Int64(result.attempt), lastStatus = result.status
        var failedAttempts = failed, duration = result.durationMs, lastWorker = worker
        if let previous = try connection.queryOne(
            "SELECT attempts, last_attempt, last_status, failed_attempts, duration_ms, worker FROM run_tests WHERE run_id = ? AND test_id = ?",
            [.integer(runID), .integer(testID)],
            map: { ($0.int(0), $0.int(1), Status(rawValue: $0.text(2)) ?? .passed, $0.int(3), $0.optionalInt(4), $0.text(5)) })
        {
            attempts += previous.0
            failedAttempts += previous.3
            if previous.1 > lastAttempt {
                lastAttempt = previous.1
                lastStatus = previous.2
                lastWorker = previous.5
            }
            if let d = previous.4 { duration = (duration ?? 0) + d }
        }
        let verdict = Verdict.of(last: lastStatus, anyFailedAttempt: failedAttempts > 0)
        try connection.run(
            """
            INSERT OR REPLACE INTO run_tests (run_id, test_id, verdict, attempts, last_attempt, last_status,
                                              failed_attempts, duration_ms, worker)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [.integer(runID), .integer(testID), .text(verdict.rawValue), .integer(attempts), .integer(lastAttempt),
             .text(lastStatus.rawValue), .integer(failedAttempts), .optional(duration), .text(lastWorker)])
    }
}
