import Reports

extension Writer {
    /// Starts a launch: a run keyed by the launch uuid. The same request twice answers the same
    /// launch. A rerun (`rerun: true`) reuses the run named by `rerunOf` (created with that key
    /// if unknown here), else the project's latest run of the same name, and reopens it; its
    /// later items that match a test become new attempts of that test.
    public func startRPLaunch(project: String, _ start: RPLaunchStart) throws -> RPLaunchStarted {
        let projectID = try projectID(project)
        if let (runID, key) = try connection.queryOne(
            """
            SELECT runs.id, runs.key FROM rp_launch_starts JOIN runs ON runs.id = rp_launch_starts.run_id
            WHERE rp_launch_starts.project_id = ? AND rp_launch_starts.fingerprint = ?
            """,
            [.integer(projectID), .text(start.fingerprint)], map: { ($0.int(0), $0.text(1)) })
        {
            return RPLaunchStarted(uuid: key, number: runID, created: false)
        }
        var key = start.uuid
        if start.rerun {
            if let rerunOf = nonEmpty(start.rerunOf) {
                key = rerunOf
            } else if let latest = try connection.queryOne(
                "SELECT key FROM runs WHERE project_id = ? AND name = ? ORDER BY id DESC LIMIT 1",
                [.integer(projectID), .text(start.name)], map: { $0.text(0) })
            {
                key = latest
            }
        }
        let existing = try connection.queryOne(
            "SELECT id FROM runs WHERE project_id = ? AND key = ?", [.integer(projectID), .text(key)], map: { $0.int(0) })
        var info = ReportPortalRules.runInfo(
            name: start.name, description: start.description, mode: start.mode, startTime: start.startTime, attributes: start.attributes)
        if existing != nil {
            // A rerun keeps the run's first start; its items only add attempts.
            info.startedAt = nil
        }
        try putRun(project: project, run: key, info: info)
        let (runID, _, _) = try runID(projectID: projectID, key: key)
        if existing != nil && start.rerun {
            try connection.run("UPDATE runs SET status = 'running', finished_at = NULL, updated_at = ? WHERE id = ?",
                               [.integer(now), .integer(runID)])
        }
        try connection.run(
            "INSERT OR IGNORE INTO rp_launch_starts (project_id, fingerprint, run_id, created_at) VALUES (?, ?, ?, ?)",
            [.integer(projectID), .text(start.fingerprint), .integer(runID), .integer(now)])
        return RPLaunchStarted(uuid: key, number: runID, created: existing == nil)
    }

    /// Finishes a launch at the time the client gave: items still running (a crashed worker's)
    /// become INTERRUPTED, statuses sent as null are derived, and the run is finished. Finishing
    /// twice changes nothing. Returns nil for an unknown launch.
    public func finishRPLaunch(project: String, uuid: String, _ finish: RPLaunchFinish) throws -> RPLaunchFinishOutcome? {
        let projectID = try projectID(project)
        guard let (runID, startedAt) = try connection.queryOne(
            "SELECT id, started_at FROM runs WHERE project_id = ? AND key = ?", [.integer(projectID), .text(uuid)],
            map: { ($0.int(0), $0.optionalInt(1)) })
        else { return nil }
        let endTime = max(finish.endTime ?? now, startedAt ?? Int64.min)
        let stored = try closeOpenRPItems(projectID: projectID, runID: runID, at: endTime)
        if finish.description != nil || finish.attributes != nil {
            let info = ReportPortalRules.runInfo(name: nil, description: finish.description, mode: nil, startTime: nil,
                                                 attributes: finish.attributes ?? [])
            try putRun(project: project, run: uuid, info: RunInfo(attributes: info.attributes))
        }
        try connection.run(
            "UPDATE runs SET finished_at = coalesce(finished_at, ?), updated_at = ? WHERE id = ?",
            [.integer(endTime), .integer(now), .integer(runID)])
        try settleStatus(runID: runID)
        return RPLaunchFinishOutcome(number: runID, storedResults: stored)
    }

    /// Closes what a run still has open, as a launch finish does: items still running become
    /// INTERRUPTED (counted ones `error` results), and statuses sent as null are derived again.
    /// For runs that end without a launch finish (an idle timeout) the same applies.
    /// Returns how many results it stored.
    @discardableResult
    public func closeOpenRPItems(runID: Int64, at endTime: Int64) throws -> Int {
        guard let projectID = try connection.queryOne("SELECT project_id FROM runs WHERE id = ?", [.integer(runID)], map: { $0.int(0) })
        else { return 0 }
        return try closeOpenRPItems(projectID: projectID, runID: runID, at: endTime)
    }

    private func closeOpenRPItems(projectID: Int64, runID: Int64, at endTime: Int64) throws -> Int {
        let open = try connection.query(
            "SELECT \(RPItemRow.columns) FROM \(RPItemRow.from) WHERE rp_items.run_id = ? AND rp_items.end_time IS NULL ORDER BY rp_items.id DESC",
            [.integer(runID)], map: RPItemRow.init(row:))
        let stored = try open.reduce(0) { $0 + (try interruptRPItem($1, at: endTime)) }
        // Children were created after their parents: highest id first derives bottom-up.
        let derived = try connection.query(
            "SELECT \(RPItemRow.columns) FROM \(RPItemRow.from) WHERE rp_items.run_id = ? AND rp_items.status_derived = 1 ORDER BY rp_items.id DESC",
            [.integer(runID)], map: RPItemRow.init(row:))
        for var item in derived {
            let status = ReportPortalRules.rollUp(try childStatuses(of: item.uuid))
            guard status != item.status else { continue }
            item.status = status
            try connection.run("UPDATE rp_items SET status = ? WHERE id = ?", [.text(status), .integer(item.id)])
            if item.isCounted {
                try replaceRPResult(projectID: projectID, runID: runID,
                                    try rpResult(for: item, status: status, issue: item.issue.flatMap(RPIssueJSON.decode)))
            }
        }
        return stored
    }
}
