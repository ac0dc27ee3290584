extension Connection {
    static let tokenColumns = "id, name, hash, project, can_write, created_at, revoked_at"

    static func decodeToken(_ row: Row) -> TokenRecord {
        TokenRecord(
            id: row.int(0), name: row.text(1), hash: row.blob(2), project: row.optionalText(3),
            canWrite: row.int(4) != 0, createdAt: row.int(5), revokedAt: row.optionalInt(6))
    }

    func token(hash: [UInt8]) throws -> TokenRecord? {
        try queryOne("SELECT \(Self.tokenColumns) FROM tokens WHERE hash = ? AND revoked_at IS NULL", [.blob(hash)], map: Self.decodeToken)
    }

    func tokens() throws -> [TokenRecord] {
        try query("SELECT \(Self.tokenColumns) FROM tokens ORDER BY id", map: Self.decodeToken)
    }
}
