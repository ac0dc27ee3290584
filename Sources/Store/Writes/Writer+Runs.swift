import Reports

extension Writer {
    /// Creates the run or updates the fields the client sent; fields left out keep their values.
    public func putRun(project: String, run: String, info: RunInfo) throws {
        let projectID = try projectID(project)
        let (runID, _, _) = try runID(projectID: projectID, key: run)
        var merged: [String: String] = [:]
        if let existing = try connection.queryOne("SELECT attributes FROM runs WHERE id = ?", [.integer(runID)], map: { $0.text(0) }) {
            merged = AttributesJSON.decode(existing)
        }
        merged.merge(info.attributes) { _, new in new }
        try connection.run(
            """
            UPDATE runs SET name = coalesce(?, name), branch = coalesce(?, branch), commit_sha = coalesce(?, commit_sha),
                url = coalesce(?, url), started_at = coalesce(?, started_at), attributes = ?, updated_at = ?
            WHERE id = ?
            """,
            [.optional(info.name), .optional(info.branch), .optional(info.commit), .optional(info.url),
             .optional(info.startedAt), .text(AttributesJSON.encode(merged)), .integer(now), .integer(runID)])
    }

    /// Closes the run (idempotent: finishing a finished run keeps its first finish time).
    /// Returns false when the run does not exist.
    @discardableResult
    public func finishRun(project: String, run: String, at finishedAt: Int64? = nil) throws -> Bool {
        guard let runID = try connection.queryOne(
            "SELECT runs.id FROM runs JOIN projects ON projects.id = runs.project_id WHERE projects.name = ? AND runs.key = ?",
            [.text(project), .text(run)], map: { $0.int(0) })
        else { return false }
        try finish(runID: runID, at: finishedAt ?? now)
        return true
    }

    func finish(runID: Int64, at time: Int64) throws {
        try connection.run(
            "UPDATE runs SET finished_at = coalesce(finished_at, max(?, coalesce(started_at, ?))) WHERE id = ?",
            [.integer(time), .integer(time), .integer(runID)])
        try settleStatus(runID: runID)
    }

    /// Finishes every running run with no write for `idleMs`; returns how many.
    public func finishIdleRuns(idleMs: Int64) throws -> Int {
        let idle = try connection.query(
            "SELECT id, updated_at FROM runs WHERE status = 'running' AND updated_at < ?", [.integer(now - idleMs)],
            map: { ($0.int(0), $0.int(1)) })
        for (runID, lastWrite) in idle {
            // An idle run ends when its last write happened, not when we noticed.
            try connection.run(
                "UPDATE runs SET finished_at = coalesce(finished_at, ?) WHERE id = ?", [.integer(lastWrite), .integer(runID)])
            // ReportPortal launches that never sent a finish (a crashed agent): open items are interrupted.
            try closeOpenRPItems(runID: runID, at: lastWrite)
            try settleStatus(runID: runID)
        }
        return idle.count
    }
}
