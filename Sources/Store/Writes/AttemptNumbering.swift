/// How the attempts of incoming results are numbered.
public final class AttemptNumbering {
    enum Mode { case asSent, afterStored }

    let mode: Mode
    /// Per test: the highest attempt stored before this upload began.
    var offsets: [Int64: Int64] = [:]

    init(_ mode: Mode) { self.mode = mode }

    /// Attempts are taken as the client numbered them (native API): a repeat is a duplicate.
    public static var asSent: AttemptNumbering { AttemptNumbering(.asSent) }

    /// Attempts continue after those already stored for the test in the run, so a second
    /// report of a rerun adds attempts instead of colliding with the first. One value spans
    /// all batches of one upload. Retransmissions are caught by the upload's idempotency key.
    public static func afterStored() -> AttemptNumbering { AttemptNumbering(.afterStored) }

    func attempt(_ sent: Int, runID: Int64, testID: Int64, connection: Connection) throws -> Int {
        guard mode == .afterStored else { return sent }
        if let offset = offsets[testID] { return Int(offset) + sent }
        let stored = try connection.queryOne(
            "SELECT coalesce(max(attempt), 0) FROM results WHERE run_id = ? AND test_id = ?",
            [.integer(runID), .integer(testID)], map: { $0.int(0) }) ?? 0
        offsets[testID] = stored
        return Int(stored) + sent
    }
}
