import Reports

/// The writes one job may do, inside the writer's transaction. Only the writer thread holds one.
public struct Writer {
    let connection: Connection
    let now: Int64

    /// The project's id, creating the project on first use.
    func projectID(_ name: String) throws -> Int64 {
        if let id = try connection.queryOne("SELECT id FROM projects WHERE name = ?", [.text(name)], map: { $0.int(0) }) {
            return id
        }
        try connection.run("INSERT INTO projects (name, created_at) VALUES (?, ?)", [.text(name), .integer(now)])
        return connection.lastInsertRowID
    }

    /// The run's id and status, creating the run on first use (parallel workers need no coordination).
    func runID(projectID: Int64, key: String) throws -> (id: Int64, status: RunStatus, created: Bool) {
        if let found = try connection.queryOne(
            "SELECT id, status FROM runs WHERE project_id = ? AND key = ?", [.integer(projectID), .text(key)],
            map: { ($0.int(0), RunStatus(rawValue: $0.text(1)) ?? .running) })
        {
            return (found.0, found.1, false)
        }
        try connection.run(
            "INSERT INTO runs (project_id, key, created_at, updated_at) VALUES (?, ?, ?, ?)",
            [.integer(projectID), .text(key), .integer(now), .integer(now)])
        return (connection.lastInsertRowID, .running, true)
    }

    /// The test's id and suite, creating it on first sight.
    func test(projectID: Int64, result: TestResult) throws -> (id: Int64, suite: String?) {
        if let found = try connection.queryOne(
            "SELECT id, suite FROM tests WHERE project_id = ? AND key = ?", [.integer(projectID), .text(result.test)],
            map: { ($0.int(0), $0.optionalText(1)) })
        {
            return found
        }
        try connection.run(
            "INSERT INTO tests (project_id, key, file, suite) VALUES (?, ?, ?, ?)",
            [.integer(projectID), .text(result.test), .optional(result.file), .optional(result.suite)])
        return (connection.lastInsertRowID, result.suite)
    }

    /// Sets a finished run's status from its verdict counts: failed if any test failed or errored.
    func settleStatus(runID: Int64) throws {
        try connection.run(
            "UPDATE runs SET status = CASE WHEN failed + error > 0 THEN 'failed' ELSE 'passed' END WHERE id = ?", [.integer(runID)])
    }
}
