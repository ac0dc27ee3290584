/// What a connection is waiting for and since when; decides timeouts from a given `now`, so the
/// rules are unit-tested without a clock or sleeping. The event loop sweeps its connections
/// periodically and asks each timer whether it expired (coarse, but cheap and simple).
struct ConnectionTimer: Equatable {
    enum Phase: Equatable {
        /// Connected, no byte of a request yet.
        case awaitingFirstRequest
        /// Between keep-alive requests.
        case idle
        /// Some bytes of a request head arrived; the head timeout runs from the first one.
        case readingHead
        /// Reading a body; the body timeout runs from the last progress.
        case readingBody
        /// A handler owns the time; no timeout applies.
        case handling
        /// Output is pending; the body timeout runs from the last progress.
        case writing
        /// The response was sent and our side shut down; reading leftovers before closing.
        case lingering
    }

    /// What to do with a connection whose timer expired.
    enum Expiry: Equatable {
        case close
        /// Send this error (408) and then close.
        case respond(HTTPError)
    }

    /// How long a closing connection may keep sending before we close it regardless.
    static let lingerMs: Int64 = 2000

    private(set) var phase: Phase
    private(set) var since: Int64

    init(now: Int64) {
        phase = .awaitingFirstRequest
        since = now
    }

    /// Moves to `phase`; the clock restarts only when the phase changes.
    mutating func enter(_ phase: Phase, now: Int64) {
        guard phase != self.phase else { return }
        self.phase = phase
        since = now
    }

    /// Bytes moved: restarts the clock of the progress-based phases.
    mutating func progress(now: Int64) {
        if phase == .readingBody || phase == .writing { since = now }
    }

    /// The action due at `now`, or nil while time remains.
    func expiry(now: Int64, limits: Limits) -> Expiry? {
        let elapsed = now - since
        switch phase {
        case .awaitingFirstRequest:
            // A connection that never sent a byte gets no 408: nothing was asked.
            return elapsed >= Int64(limits.headerTimeoutMs) ? .close : nil
        case .idle:
            return elapsed >= Int64(limits.idleTimeoutMs) ? .close : nil
        case .readingHead:
            let limit = limits.headerTimeoutMs
            return elapsed >= Int64(limit) ? .respond(.requestTimeout(phase: .header, limitMs: limit)) : nil
        case .readingBody:
            let limit = limits.bodyTimeoutMs
            return elapsed >= Int64(limit) ? .respond(.requestTimeout(phase: .body, limitMs: limit)) : nil
        case .handling:
            return nil
        case .writing:
            // A client that stops reading its response is treated like one that stops sending.
            return elapsed >= Int64(limits.bodyTimeoutMs) ? .close : nil
        case .lingering:
            return elapsed >= Self.lingerMs ? .close : nil
        }
    }
}
