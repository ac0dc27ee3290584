#if canImport(Glibc)
import Glibc
#endif

/// The time, injected so timing logic (idle runs, expiry) is tested without sleeping.
public protocol WallClock: Sendable {
    /// Milliseconds since the epoch, UTC.
    func nowMs() -> Int64
}

public struct SystemClock: WallClock {
    public init() {}

    public func nowMs() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }
}
