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
        try connection.run(
            "INSERT INTO idempotency_keys (scope, key, fingerprint, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            [.text(key.scope), .text(key.key), .text(key.fingerprint), .int(answer.status), .blob(answer.body), .integer(now)])
    }

    /// Forgets keys older than `ageMs`, so the table does not grow without end.
    public func expireIdempotencyKeys(olderThanMs ageMs: Int64) throws -> Int {
        try connection.run("DELETE FROM idempotency_keys WHERE created_at < ?", [.integer(now - ageMs)])
    }
}
