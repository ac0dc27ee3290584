import Reports

/// Counted RP items as results: the same `results`, `run_tests`, run counters and worker lanes
/// the native API maintains, through `ingest` or, when an outcome is replaced, a re-fold.
extension Writer {
    /// Traces kept from ERROR logs are cut to this size.
    static let maxRPTraceBytes = 64 * 1024

    /// The result of a finished counted item. Its message and trace come from the item's
    /// latest ERROR/FATAL log when one has arrived already (logs are batched, so usually later:
    /// see `attachFailureText`).
    func rpResult(for item: RPItemRow, status rpStatus: String, issue: RPIssue?) throws -> TestResult {
        let status = ReportPortalRules.status(rpStatus)
        let start = item.startTime
        let end = max(item.endTime ?? start, start)
        let identity = ReportPortalRules.identity(
            name: item.name, codeRef: item.codeRef, testCaseId: item.testCaseId, parameters: item.parameters.map(\.value),
            ancestors: [])
        var result = TestResult(
            test: item.testKey ?? identity.key, status: status, attempt: Int(item.attempt ?? 1), durationMs: end - start,
            startedAt: start, worker: try lane(runID: item.runID, start: start, end: end),
            file: identity.file, suite: identity.file == nil ? item.path : identity.suite,
            attributes: ReportPortalRules.resultAttributes(
                item.attributes, item: item.uuid, status: rpStatus, codeRef: item.codeRef, testCaseId: item.testCaseId, issue: issue))
        if status != .passed, let text = try latestErrorLog(itemUUID: item.uuid) {
            result.message = ReportPortalRules.failureMessage(text)
            result.trace = TextCut.cut(text, maxBytes: Self.maxRPTraceBytes)
        }
        return result
    }

    private func latestErrorLog(itemUUID: String) throws -> String? {
        try connection.queryOne(
            "SELECT message FROM rp_logs WHERE item_uuid = ? AND level IN ('ERROR', 'FATAL') ORDER BY time DESC, id DESC LIMIT 1",
            [.text(itemUUID)], map: { $0.text(0) })
    }

    /// The lane a result of a launch runs in. RP sends no worker id, so lanes are rebuilt from
    /// the clients' own times: a test joins the lane whose last test ended latest but no later
    /// than this one started; if none, it opens lane `rp-N+1`. Tests of one lane never overlap,
    /// and an xdist run of `-n 4` shows (about) four lanes.
    func lane(runID: Int64, start: Int64, end: Int64) throws -> String {
        let lanes = try connection.query(
            "SELECT name, last_at FROM run_workers WHERE run_id = ? AND name LIKE 'rp-%' ORDER BY last_at DESC, name",
            [.integer(runID)], map: { ($0.text(0), $0.int(1)) })
        if let fit = lanes.first(where: { $0.1 <= start }) { return fit.0 }
        let highest = lanes.compactMap { Int($0.0.dropFirst(3)) }.max() ?? 0
        return "rp-\(highest + 1)"
    }

    /// After an ERROR/FATAL log of a counted item that already has a result: the item's latest
    /// such log (by the client's time, so arrival order does not matter) becomes the result's
    /// message and trace, and a failed result's signature follows.
    func attachFailureText(to item: RPItemRow) throws {
        guard item.isCounted, item.endTime != nil, let testKey = item.testKey, let attempt = item.attempt,
              let text = try latestErrorLog(itemUUID: item.uuid)
        else { return }
        guard let (resultID, testID, status) = try connection.queryOne(
            """
            SELECT results.id, results.test_id, results.status FROM results JOIN tests ON tests.id = results.test_id
            WHERE results.run_id = ? AND tests.project_id = ? AND tests.key = ? AND results.attempt = ?
            """,
            [.integer(item.runID), .integer(item.projectID), .text(testKey), .integer(attempt)],
            map: { ($0.int(0), $0.int(1), Status(rawValue: $0.text(2)) ?? .error) })
        else { return }
        guard status != .passed else { return }
        let message = ReportPortalRules.failureMessage(text)
        let trace = TextCut.cut(text, maxBytes: Self.maxRPTraceBytes)
        try connection.run("UPDATE results SET message = ?, trace = ? WHERE id = ?", [.optional(message), .text(trace), .integer(resultID)])
        guard status.isFailure,
              let signatureID = try rpSignatureID(projectID: item.projectID, message: message, trace: trace, type: nil)
        else { return }
        try connection.run(
            """
            UPDATE run_tests SET signature_id = ?, signature_attempt = ?
            WHERE run_id = ? AND test_id = ? AND (signature_attempt IS NULL OR signature_attempt <= ?)
            """,
            [.integer(signatureID), .integer(attempt), .integer(item.runID), .integer(testID), .integer(attempt)])
    }

    /// Replaces a stored attempt (an INTERRUPTED one whose real finish came late, or a derived
    /// status that changed) and folds the test's attempts into its verdict again, moving the
    /// run's counters from the old verdict to the new.
    func replaceRPResult(projectID: Int64, runID: Int64, _ result: TestResult) throws {
        guard let testID = try connection.queryOne(
            "SELECT id FROM tests WHERE project_id = ? AND key = ?", [.integer(projectID), .text(result.test)], map: { $0.int(0) })
        else { return }
        let changed = try connection.run(
            """
            UPDATE results SET status = ?, duration_ms = ?, started_at = ?, message = ?, trace = ?, attributes = ?
            WHERE run_id = ? AND test_id = ? AND attempt = ?
            """,
            [.text(result.status.rawValue), .optional(result.durationMs), .optional(result.startedAt), .optional(result.message),
             .optional(result.trace), result.attributes.isEmpty ? .null : .text(AttributesJSON.encode(result.attributes)),
             .integer(runID), .integer(testID), .int(result.attempt)])
        guard changed > 0 else { return }
        try refold(projectID: projectID, runID: runID, testID: testID)
    }

    /// Rebuilds the test's `run_tests` row from all its stored attempts.
    private func refold(projectID: Int64, runID: Int64, testID: Int64) throws {
        let attempts = try connection.query(
            """
            SELECT attempt, status, duration_ms, worker, message, trace, attributes
            FROM results WHERE run_id = ? AND test_id = ? ORDER BY attempt
            """,
            [.integer(runID), .integer(testID)],
            map: { row in
                (TestResult(test: "", status: Status(rawValue: row.text(1)) ?? .error, attempt: Int(row.int(0)),
                            durationMs: row.optionalInt(2), message: row.optionalText(4), trace: row.optionalText(5),
                            attributes: row.optionalText(6).map(AttributesJSON.decode) ?? [:]), row.text(3))
            })
        guard let first = attempts.first else { return }
        let old = try connection.queryOne(
            "SELECT verdict FROM run_tests WHERE run_id = ? AND test_id = ?", [.integer(runID), .integer(testID)],
            map: { Verdict(rawValue: $0.text(0)) }) ?? nil
        var state = TestInRun(first: first.0, worker: first.1, signatureID: try signature(projectID, first.0))
        for (result, worker) in attempts.dropFirst() {
            state = state.adding(result, worker: worker, signatureID: try signature(projectID, result))
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
        var counts = VerdictDelta()
        counts.move(from: old, to: state.verdict)
        try connection.run(
            """
            UPDATE runs SET updated_at = ?, passed = passed + ?, failed = failed + ?, error = error + ?, skipped = skipped + ?,
                flaky = flaky + ?
            WHERE id = ?
            """,
            [.integer(now), .int(counts[.passed]), .int(counts[.failed]), .int(counts[.error]), .int(counts[.skipped]),
             .int(counts[.flaky]), .integer(runID)])
        let finished = try connection.queryOne("SELECT status FROM runs WHERE id = ?", [.integer(runID)], map: { $0.text(0) != "running" }) ?? false
        if finished { try settleStatus(runID: runID) }
    }

    private func signature(_ projectID: Int64, _ result: TestResult) throws -> Int64? {
        guard result.status.isFailure else { return nil }
        return try rpSignatureID(projectID: projectID, message: result.message, trace: result.trace,
                                 type: result.attributes["junit.type"] ?? result.attributes["exception.type"])
    }

    /// The id of a failure's signature, creating it on first sight (as ingest does).
    func rpSignatureID(projectID: Int64, message: String?, trace: String?, type: String?) throws -> Int64? {
        guard let text = FailureSignature.of(type: type, message: message, trace: trace) else { return nil }
        if let id = try connection.queryOne(
            "SELECT id FROM signatures WHERE project_id = ? AND text = ?", [.integer(projectID), .text(text)], map: { $0.int(0) })
        {
            return id
        }
        try connection.run("INSERT INTO signatures (project_id, text) VALUES (?, ?)", [.integer(projectID), .text(text)])
        return connection.lastInsertRowID
    }
}
