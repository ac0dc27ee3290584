extension Writer {
    /// The stored answer for `key`, or nil when the key is new. A key reused with a different
    /// request body is a conflict, not a replay.
    func storedAnswer(_ key: IdempotencyKey) throws -> StoredAnswer? {
        guard let (fingerprint, answer) = try connection.queryOne(
            "SELECT fingerprint, status, body FROM idempotency_keys WHERE scope = ? AND key = ?",
            [.text(key.scope), .text(key.key)], map: { ($0.text(0), StoredAnswer(status: Int($0.int(1)), body: $0.blob(2))) })
        else { return nil }
        guard fingerprint == key.fingerprint else { throw StoreError.idempotencyConflict(key: key.key) }
        return answer
    }

    func remember(_ key: IdempotencyKey, answer: StoredAnswer) throws {
        var runID: SQLValue = .null
        if let run = key.run, let id = try connection.queryOne(
            "SELECT runs.id FROM runs JOIN projects ON projects.id = runs.project_id WHERE projects.name = ? AND runs.key = ?",
            [.text(run.project), .text(run.key)], map: { $0.int(0) })
        {
            runID = .integer(id)
        }
        try connection.run(
            "INSERT INTO idempotency_keys (scope, key, fingerprint, status, body, created_at, run_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [.text(key.scope), .text(key.key), .text(key.fingerprint), .int(answer.status), .blob(answer.body), .integer(now), runID])
    }

    /// Forgets keys older than `ageMs`, so the table does not grow without end. Keys kept with
    /// a run go when the run goes.
    public func expireIdempotencyKeys(olderThanMs ageMs: Int64) throws -> Int {
        try connection.run("DELETE FROM idempotency_keys WHERE created_at < ? AND run_id IS NULL", [.integer(now - ageMs)])
    }
}
