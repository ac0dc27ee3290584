/// What went wrong in the store, in terms the app can turn into a status code.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The writer queue is full; the client should retry later.
    case overloaded(pending: Int)
    /// The disk or `max_page_count` is full; nothing of the write was kept.
    case diskFull
    /// The store is shutting down and takes no more writes.
    case closed
    /// An `Idempotency-Key` was reused with a different request.
    case idempotencyConflict(key: String)
    case invalidMigrations(String)
    case database(DatabaseError)

    public var description: String {
        switch self {
        case .overloaded(let pending): return "the writer queue is full (\(pending) writes pending); retry shortly"
        case .diskFull: return "the database disk is full; nothing was stored"
        case .closed: return "the store is shutting down"
        case .idempotencyConflict(let key): return "Idempotency-Key '\(key)' was already used for a different request"
        case .invalidMigrations(let why): return "migrations: \(why)"
        case .database(let error): return error.description
        }
    }

    static func wrap(_ error: Error) -> Error {
        if let db = error as? DatabaseError {
            return db.isDiskFull ? StoreError.diskFull : StoreError.database(db)
        }
        return error
    }
}
