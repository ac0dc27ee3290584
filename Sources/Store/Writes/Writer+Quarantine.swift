extension Writer {
    /// What quarantining a test did.
    public enum QuarantineOutcome: Sendable, Equatable {
        case created(QuarantineEntry)
        /// Already quarantined: the reason is replaced, the original time kept.
        case updated(QuarantineEntry)
        /// The project has no test with this key.
        case unknownTest
    }

    /// Quarantines a test of the project. The test must have reported at least once, so a typo
    /// is refused rather than silently quarantining nothing.
    public func quarantine(project: String, test: String, reason: String) throws -> QuarantineOutcome {
        guard let projectID = try connection.queryOne("SELECT id FROM projects WHERE name = ?", [.text(project)], map: { $0.int(0) }),
              try connection.queryOne(
                "SELECT 1 FROM tests WHERE project_id = ? AND key = ?", [.integer(projectID), .text(test)], map: { _ in true }) != nil
        else { return .unknownTest }
        let existing = try connection.queryOne(
            "SELECT created_at FROM quarantine WHERE project_id = ? AND test_key = ?", [.integer(projectID), .text(test)], map: { $0.int(0) })
        try connection.run(
            """
            INSERT INTO quarantine (project_id, test_key, reason, created_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (project_id, test_key) DO UPDATE SET reason = excluded.reason
            """,
            [.integer(projectID), .text(test), .text(reason), .integer(now)])
        let entry = QuarantineEntry(test: test, reason: reason, createdAt: existing ?? now)
        return existing == nil ? .created(entry) : .updated(entry)
    }

    /// Takes a test out of quarantine; false when it was not quarantined.
    public func release(project: String, test: String) throws -> Bool {
        try connection.run(
            "DELETE FROM quarantine WHERE test_key = ? AND project_id = (SELECT id FROM projects WHERE name = ?)",
            [.text(test), .text(project)]) > 0
    }
}
