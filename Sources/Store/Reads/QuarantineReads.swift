import Reports

extension Connection {
    /// The project's quarantined tests in key order; empty for an unknown project.
    func quarantine(project: String) throws -> [QuarantineEntry] {
        try query(
            """
            SELECT quarantine.test_key, quarantine.reason, quarantine.created_at
            FROM quarantine JOIN projects ON projects.id = quarantine.project_id
            WHERE projects.name = ? ORDER BY quarantine.test_key
            """,
            [.text(project)], map: { QuarantineEntry(test: $0.text(0), reason: $0.text(1), createdAt: $0.int(2)) })
    }

    /// The quarantined tests that ran in a run, with their verdicts there, in key order.
    /// O(quarantined tests): each is looked up by its key and then by the run's primary key.
    func quarantinedTests(runID: Int64) throws -> [QuarantinedTest] {
        try query(
            """
            SELECT quarantine.test_key, rt.verdict
            FROM runs
            JOIN quarantine ON quarantine.project_id = runs.project_id
            JOIN tests ON tests.project_id = quarantine.project_id AND tests.key = quarantine.test_key
            JOIN run_tests AS rt ON rt.run_id = runs.id AND rt.test_id = tests.id
            WHERE runs.id = ? ORDER BY quarantine.test_key
            """,
            [.integer(runID)], map: { QuarantinedTest(test: $0.text(0), verdict: Verdict(rawValue: $0.text(1)) ?? .error) })
    }
}
