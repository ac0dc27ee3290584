import Reports

extension Writer {
    /// Starts an item. Its launch is the body's `launchUuid`, else its parent's; a launch this
    /// server never saw becomes a new run (launches made by another client, `rp_launch_uuid`).
    /// A parent this server never saw is kept by uuid and the item is treated as a root.
    /// A counted item gets its test key and attempt now, so later disorder cannot change them.
    public func startRPItem(project: String, _ start: RPItemStart) throws -> RPItemStartOutcome {
        let projectID = try projectID(project)
        let parent = try start.parentUUID.flatMap { try connection.rpItemRow(uuid: $0, projectID: projectID) }
        guard let launchKey = nonEmpty(start.launchUUID) ?? parent?.runKey else { return .noLaunch }
        let (runID, _, _) = try runID(projectID: projectID, key: launchKey)
        if let existing = try connection.queryOne(
            "SELECT uuid FROM rp_items WHERE run_id = ? AND fingerprint = ?", [.integer(runID), .text(start.fingerprint)],
            map: { $0.text(0) })
        {
            return .duplicate(uuid: existing)
        }
        let ancestors = try connection.rpAncestorNames(of: start.parentUUID, projectID: projectID)
        var testKey: String?
        var attempt: Int64?
        if ReportPortalRules.isCounted(type: start.type, hasStats: start.hasStats) {
            let key = try retriedKey(start.retryOf, projectID: projectID) ?? ReportPortalRules.identity(
                name: start.name, codeRef: start.codeRef, testCaseId: start.testCaseId,
                parameters: start.parameters.map(\.value), ancestors: ancestors).key
            testKey = key
            attempt = try nextAttempt(runID: runID, projectID: projectID, testKey: key)
        }
        let startTime = start.startTime ?? now
        try connection.run(
            """
            INSERT INTO rp_items (uuid, run_id, parent_uuid, fingerprint, type, name, path, code_ref, test_case_id, description,
                                  parameters, attributes, has_stats, retry_of, test_key, attempt, start_time, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [.text(start.uuid), .integer(runID), .optional(start.parentUUID), .text(start.fingerprint), .text(start.type),
             .text(start.name), .optional(ancestors.isEmpty ? nil : ancestors.joined(separator: " / ")),
             .optional(start.codeRef), .optional(start.testCaseId), .optional(start.description),
             start.parameters.isEmpty ? .null : .text(RPAttributesJSON.encode(start.parameters)),
             start.attributes.isEmpty ? .null : .text(RPAttributesJSON.encode(start.attributes)),
             .int(start.hasStats ? 1 : 0), .optional(start.retryOf), .optional(testKey), .optional(attempt),
             .integer(startTime), .integer(now)])
        try touch(runID: runID, startTime: startTime)
        return .started(uuid: start.uuid)
    }

    /// Finishes an item: a counted one becomes a result. Finishing twice changes nothing; a
    /// finish after the launch already closed the item as INTERRUPTED replaces that outcome.
    public func finishRPItem(project: String, uuid: String, _ finish: RPItemFinish) throws -> RPItemFinishOutcome {
        let projectID = try projectID(project)
        guard var item = try connection.rpItemRow(uuid: uuid, projectID: projectID) else { return .notFound }
        if item.endTime != nil && !item.interrupted { return .alreadyFinished(status: item.status ?? "PASSED") }
        let wasInterrupted = item.interrupted
        let sent = finish.status.map { $0.uppercased() }.flatMap { ReportPortalRules.knownStatuses.contains($0) ? $0 : nil }
        let status = try sent ?? ReportPortalRules.rollUp(childStatuses(of: item.uuid))
        let endTime = max(finish.endTime ?? now, item.startTime)
        try connection.run(
            """
            UPDATE rp_items SET end_time = ?, status = ?, status_derived = ?, interrupted = 0,
                issue = coalesce(?, issue), attributes = coalesce(?, attributes), description = coalesce(?, description),
                test_case_id = coalesce(?, test_case_id)
            WHERE id = ?
            """,
            [.integer(endTime), .text(status), .int(sent == nil ? 1 : 0), .optional(finish.issue?.json),
             finish.attributes.map { .text(RPAttributesJSON.encode($0)) } ?? .null, .optional(finish.description),
             .optional(finish.testCaseId), .integer(item.id)])
        item.endTime = endTime
        item.status = status
        if let attributes = finish.attributes { item.attributes = attributes }
        if let testCaseId = finish.testCaseId { item.testCaseId = testCaseId }
        if item.isCounted, !wasInterrupted, let retryOf = finish.retryOf, let key = try retriedKey(retryOf, projectID: projectID),
           key != item.testKey
        {
            // Some agents only say at the finish that an item retried another.
            item.testKey = key
            item.attempt = try nextAttempt(runID: item.runID, projectID: projectID, testKey: key)
            try connection.run("UPDATE rp_items SET test_key = ?, attempt = ?, retry_of = ? WHERE id = ?",
                               [.text(key), .optional(item.attempt), .text(retryOf), .integer(item.id)])
        }
        var stored = 0
        if item.isCounted {
            let issue = finish.issue ?? item.issue.flatMap(RPIssueJSON.decode)
            let result = try rpResult(for: item, status: status, issue: issue)
            if wasInterrupted {
                try replaceRPResult(projectID: projectID, runID: item.runID, result)
            } else {
                stored = try ingest(project: item.project, run: item.runKey, results: [result], defaultWorker: result.worker ?? "rp-1").accepted
            }
        }
        try rederiveAncestors(of: item.parentUUID, projectID: projectID)
        try touch(runID: item.runID, startTime: nil)
        return .finished(status: status, storedResults: stored)
    }

    /// `PUT /api/v1/{project}/item/{id}/update`: a new description and attributes.
    public func updateRPItem(project: String, id: Int64, description: String?, attributes: [RPAttribute]?) throws -> Bool {
        let projectID = try projectID(project)
        return try connection.run(
            """
            UPDATE rp_items SET description = coalesce(?, description), attributes = coalesce(?, attributes)
            WHERE id = ? AND run_id IN (SELECT id FROM runs WHERE project_id = ?)
            """,
            [.optional(description), attributes.map { .text(RPAttributesJSON.encode($0)) } ?? .null, .integer(id), .integer(projectID)]) > 0
    }

    /// Closes an item the launch finish found still running: INTERRUPTED, and a counted one
    /// becomes an `error` result (ReportPortal does the same with items of crashed workers).
    /// Returns how many results it stored (0 or 1).
    @discardableResult
    func interruptRPItem(_ item: RPItemRow, at endTime: Int64) throws -> Int {
        var item = item
        item.endTime = max(endTime, item.startTime)
        item.status = "INTERRUPTED"
        try connection.run(
            "UPDATE rp_items SET end_time = ?, status = 'INTERRUPTED', status_derived = 0, interrupted = 1 WHERE id = ?",
            [.optional(item.endTime), .integer(item.id)])
        guard item.isCounted else { return 0 }
        var result = try rpResult(for: item, status: "INTERRUPTED", issue: item.issue.flatMap(RPIssueJSON.decode))
        result.message = result.message ?? "interrupted: the launch finished while this test was still running (did its worker crash?)"
        return try ingest(project: item.project, run: item.runKey, results: [result], defaultWorker: result.worker ?? "rp-1").accepted
    }

    // MARK: Helpers

    func nonEmpty(_ text: String?) -> String? { text.flatMap { $0.isEmpty ? nil : $0 } }

    /// The test key of the item `retryOf` names, when it is a known counted item.
    private func retriedKey(_ retryOf: String?, projectID: Int64) throws -> String? {
        guard let retryOf = nonEmpty(retryOf) else { return nil }
        return try connection.rpItemRow(uuid: retryOf, projectID: projectID)?.testKey
    }

    /// One more than the highest attempt of `testKey` in the run, counting items not finished
    /// yet and results posted any other way (an earlier launch reused by a rerun, the native API).
    func nextAttempt(runID: Int64, projectID: Int64, testKey: String) throws -> Int64 {
        let items = try connection.queryOne(
            "SELECT max(attempt) FROM rp_items WHERE run_id = ? AND test_key = ?", [.integer(runID), .text(testKey)],
            map: { $0.optionalInt(0) }) ?? nil
        let results = try connection.queryOne(
            """
            SELECT max(results.attempt) FROM results JOIN tests ON tests.id = results.test_id
            WHERE results.run_id = ? AND tests.project_id = ? AND tests.key = ?
            """,
            [.integer(runID), .integer(projectID), .text(testKey)], map: { $0.optionalInt(0) }) ?? nil
        return max(items ?? 0, results ?? 0) + 1
    }

    func childStatuses(of uuid: String) throws -> [String] {
        try connection.query("SELECT status FROM rp_items WHERE parent_uuid = ? AND status IS NOT NULL", [.text(uuid)], map: { $0.text(0) })
    }

    /// Items finished with `status: null` take their children's status; a child that finishes
    /// after its parent (ASYNC clients) updates the parent, and so on up.
    func rederiveAncestors(of parentUUID: String?, projectID: Int64) throws {
        var next = parentUUID
        var depth = 0
        while let uuid = next, depth < 64 {
            depth += 1
            guard let parent = try connection.rpItemRow(uuid: uuid, projectID: projectID) else { return }
            guard parent.statusDerived, parent.endTime != nil, !parent.interrupted else { return }
            let status = ReportPortalRules.rollUp(try childStatuses(of: parent.uuid))
            guard status != parent.status else { return }
            try connection.run("UPDATE rp_items SET status = ? WHERE id = ?", [.text(status), .integer(parent.id)])
            if parent.isCounted {
                try replaceRPResult(projectID: projectID, runID: parent.runID,
                                    try rpResult(for: { var p = parent; p.status = status; return p }(), status: status,
                                                 issue: parent.issue.flatMap(RPIssueJSON.decode)))
            }
            next = parent.parentUUID
        }
    }

    /// A write into the run: keeps it from being finished as idle, and lets the earliest item
    /// start stand for the run's start when no launch start was seen (whatever order items came in).
    func touch(runID: Int64, startTime: Int64?) throws {
        try connection.run(
            "UPDATE runs SET updated_at = ?1, started_at = CASE WHEN started_at IS NULL OR ?2 < started_at THEN coalesce(?2, started_at) ELSE started_at END WHERE id = ?3",
            [.integer(now), .optional(startTime), .integer(runID)])
    }
}

/// `issue` objects kept as JSON text.
enum RPIssueJSON {
    static func decode(_ text: String) -> RPIssue? {
        guard let value = try? JSONParser.parse(text), case .object = value else { return nil }
        let tickets = (value["externalSystemIssues"]?.array ?? []).compactMap { $0["ticketId"]?.string }
        return RPIssue(issueType: value["issueType"]?.string, comment: value["comment"]?.string, tickets: tickets, json: text)
    }
}
