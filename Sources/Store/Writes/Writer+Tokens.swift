extension Writer {
    /// Stores a token's hash; returns its id.
    public func createToken(name: String, hash: [UInt8], project: String?, canWrite: Bool) throws -> Int64 {
        try connection.run(
            "INSERT INTO tokens (name, hash, project, can_write, created_at) VALUES (?, ?, ?, ?, ?)",
            [.text(name), .blob(hash), .optional(project), .integer(canWrite ? 1 : 0), .integer(now)])
        return connection.lastInsertRowID
    }

    /// Revokes by id; false when no such live token exists.
    public func revokeToken(id: Int64) throws -> Bool {
        try connection.run("UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", [.integer(now), .integer(id)]) == 1
    }
}
