import Reports

extension Writer {
    /// Stores a batch of log entries against their items (an entry without a known item is a
    /// launch-level line). Entries may come before or after their item finished, or after the
    /// launch finished. The same entry twice is stored once. An ERROR/FATAL line of a test that
    /// did not pass becomes its result's message and trace.
    public func storeRPLogs(project: String, _ entries: [RPLogEntry]) throws -> [RPLogOutcome] {
        let projectID = try projectID(project)
        var runIDs: [String: Int64] = [:]
        var touched: Set<Int64> = []
        var outcomes: [RPLogOutcome] = []
        for entry in entries {
            let item = try nonEmpty(entry.itemUUID).flatMap { try connection.rpItemRow(uuid: $0, projectID: projectID) }
            let runID: Int64
            if let item {
                runID = item.runID
            } else if let key = nonEmpty(entry.launchUUID) {
                if let known = runIDs[key] {
                    runID = known
                } else {
                    runID = try self.runID(projectID: projectID, key: key).id
                    runIDs[key] = runID
                }
            } else {
                outcomes.append(.noLaunch)
                continue
            }
            if let existing = try connection.queryOne(
                "SELECT id FROM rp_logs WHERE run_id = ? AND fingerprint = ?", [.integer(runID), .text(entry.fingerprint)],
                map: { $0.int(0) })
            {
                outcomes.append(.duplicate(id: existing))
                continue
            }
            var attachmentID: Int64?
            if let attachment = entry.attachment {
                try connection.run(
                    "INSERT INTO rp_attachments (project_id, run_id, name, content_type, size, bytes) VALUES (?, ?, ?, ?, ?, ?)",
                    [.integer(projectID), .integer(runID), .text(attachment.name), .text(attachment.contentType),
                     .int(attachment.size), attachment.bytes.map { .blob($0) } ?? .null])
                attachmentID = connection.lastInsertRowID
            }
            try connection.run(
                "INSERT INTO rp_logs (run_id, item_uuid, time, level, message, attachment_id, fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [.integer(runID), .optional(nonEmpty(entry.itemUUID)), .integer(entry.time), .text(entry.level), .text(entry.message),
                 .optional(attachmentID), .text(entry.fingerprint)])
            outcomes.append(.stored(id: connection.lastInsertRowID))
            touched.insert(runID)
            if let item, entry.level == "ERROR" || entry.level == "FATAL" {
                try attachFailureText(to: item)
            }
        }
        for runID in touched { try touch(runID: runID, startTime: nil) }
        return outcomes
    }
}
