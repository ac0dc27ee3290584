import Reports

extension Connection {
    /// A run's failing tests (`failed`/`error`) grouped by signature. A signature is new when no
    /// run on the run's branch or on `defaultBranch`, created before it and started within
    /// `newDays` before it, had it. Cost: O(failures in the run) from the covering
    /// `run_tests_failing`, plus four index lookups per signature on `run_tests_by_signature`.
    /// nil when the run does not exist.
    func runFailures(project: String, run key: String, newDays: Int, defaultBranch: String) throws -> RunFailures? {
        guard let run = try runRef(project: project, key: key) else { return nil }
        let failing = try query(
            """
            SELECT test_id, verdict, signature_id FROM run_tests INDEXED BY run_tests_failing
            WHERE run_id = ? AND verdict IN ('failed', 'error', 'flaky')
            """,
            [.integer(run.id)], map: { ($0.int(0), $0.text(1), $0.optionalInt(2)) })
        var bySignature: [Int64?: [Int64]] = [:]
        for (testID, verdict, signatureID) in failing where verdict != Verdict.flaky.rawValue {
            bySignature[signatureID, default: []].append(testID)
        }
        let since = (run.at ?? 0) - Int64(newDays) * 86_400_000
        let firstWindowRun = try queryOne(
            "SELECT min(id) FROM runs WHERE project_id = ? AND coalesce(started_at, created_at) >= ?",
            [.integer(run.projectID), .integer(since)], map: { $0.optionalInt(0) }) ?? nil
        var groups: [FailureGroup] = []
        for (signatureID, testIDs) in bySignature {
            let tests = try testIDs.map { (try testKey(id: $0), $0) }.sorted { $0.0 < $1.0 }
            var group = FailureGroup(signature: nil, tests: tests.map(\.0), isNew: false, example: nil)
            if let first = tests.first { group.example = try failureMessage(runID: run.id, testID: first.1) }
            if let signatureID {
                group.signature = try queryOne("SELECT text FROM signatures WHERE id = ?", [.integer(signatureID)], map: { $0.text(0) })
                group.firstSeen = try sighting(signatureID: signatureID, latest: false)
                group.lastSeen = try sighting(signatureID: signatureID, latest: true)
                if let firstWindowRun {
                    group.seenBefore = try queryOne(
                        """
                        SELECT runs.key, runs.branch, coalesce(runs.started_at, runs.created_at)
                        FROM run_tests AS rt INDEXED BY run_tests_by_signature JOIN runs ON runs.id = rt.run_id
                        WHERE rt.signature_id = ? AND rt.run_id >= ? AND rt.run_id < ?
                          AND coalesce(runs.started_at, runs.created_at) >= ? AND (runs.branch IS ? OR runs.branch = ?)
                        ORDER BY rt.run_id DESC LIMIT 1
                        """,
                        [.integer(signatureID), .integer(firstWindowRun), .integer(run.id), .integer(since),
                         .optional(run.branch), .text(defaultBranch)],
                        map: { Sighting(run: $0.text(0), branch: $0.optionalText(1), at: $0.optionalInt(2)) })
                }
                group.isNew = group.seenBefore == nil
            }
            groups.append(group)
        }
        // New causes first, then the largest groups; failures with no signature last.
        groups.sort { a, b in
            if (a.signature == nil) != (b.signature == nil) { return b.signature == nil }
            if a.isNew != b.isNew { return a.isNew }
            if a.tests.count != b.tests.count { return a.tests.count > b.tests.count }
            return (a.signature ?? "") < (b.signature ?? "")
        }
        return RunFailures(run: run.key, branch: run.branch, groups: groups)
    }

    /// The first (or latest) run of the project with this signature.
    private func sighting(signatureID: Int64, latest: Bool) throws -> Sighting? {
        try queryOne(
            """
            SELECT runs.key, runs.branch, coalesce(runs.started_at, runs.created_at)
            FROM run_tests AS rt INDEXED BY run_tests_by_signature JOIN runs ON runs.id = rt.run_id
            WHERE rt.signature_id = ? ORDER BY rt.run_id \(latest ? "DESC" : "ASC") LIMIT 1
            """,
            [.integer(signatureID)], map: { Sighting(run: $0.text(0), branch: $0.optionalText(1), at: $0.optionalInt(2)) })
    }

    /// The first line of the message (else of the trace) of the test's latest failed attempt in the run.
    private func failureMessage(runID: Int64, testID: Int64) throws -> String? {
        let texts = try queryOne(
            """
            SELECT results.message, results.trace FROM results
            WHERE results.run_id = ? AND results.test_id = ? AND results.status IN ('failed', 'error')
            ORDER BY results.attempt DESC LIMIT 1
            """,
            [.integer(runID), .integer(testID)], map: { ($0.optionalText(0), $0.optionalText(1)) })
        guard let texts else { return nil }
        return FailureSignature.firstLine(texts.0) ?? FailureSignature.lastLine(texts.1)
    }
}
