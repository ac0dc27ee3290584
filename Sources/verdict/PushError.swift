import HTTPServer

/// The command line or the `VERDICT_*` variables do not describe a push (exit status 2).
struct PushUsageError: Error, Equatable, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Why a request did not succeed, after any retries (exit status 1).
enum PushFailure: Error, Equatable, CustomStringConvertible {
    /// The server answered with an error that a retry would not change.
    case rejected(status: Int, code: String?, message: String)
    /// Transient failures went on until the attempts or the time ran out.
    case gaveUp(attempts: Int, elapsedMs: Int64, last: String)
    /// The server cannot be reached in a way no retry fixes (unknown host, not HTTP).
    case unreachable(String)
    /// A report could not be read from disk.
    case unreadable(path: String, reason: String)

    /// Whether the rest of the files are still worth sending. A report the server refuses as
    /// such (malformed, too large, not XML) says nothing about the next one; a refused token, a
    /// full disk or an unreachable server does.
    var stopsThePush: Bool {
        switch self {
        case .rejected(let status, _, _): return ![400, 413, 415, 422].contains(status)
        case .gaveUp, .unreachable: return true
        case .unreadable: return false
        }
    }

    var description: String {
        switch self {
        case .rejected(let status, let code, let message):
            return "the server answered \(status)\(code.map { " \($0)" } ?? ""): \(message)"
        case .gaveUp(let attempts, let elapsedMs, let last):
            return "gave up after \(attempts) attempt\(attempts == 1 ? "" : "s") in \(PushRetryPolicy.format(ms: elapsedMs)): \(last)"
        case .unreachable(let reason):
            return reason
        case .unreadable(let path, let reason):
            return "cannot read \(path): \(reason)"
        }
    }

    /// What to do about it, when there is something obvious to say.
    var hint: String? {
        guard case .rejected(let status, let code, _) = self else {
            if case .gaveUp = self { return "is the server running and reachable? Allow longer with --retries and --timeout." }
            return nil
        }
        switch (status, code) {
        case (401, _): return "pass a write token with --token or VERDICT_TOKEN (create one with 'verdict token create')."
        case (403, _): return "the token may not write to this project; create one with 'verdict token create --project P'."
        case (404, _), (405, _): return "is --server the Verdict server's address, with its path prefix if it has one?"
        case (413, _): return "the report is larger than the server accepts (verdict serve --max-body-bytes)."
        case (415, _): return "the file is not an XML report."
        case (507, _): return "the server's disk is full."
        default: return nil
        }
    }
}
