#if canImport(Glibc)
import Glibc
#endif
import HTTPServer

/// How long `verdict push` keeps trying a request that failed transiently.
///
/// Without a `Retry-After`, retry *n* waits a random time between half and all of
/// `min(maxDelayMs, initialDelayMs · 2ⁿ⁻¹)` ("equal jitter"): shards that failed together do not
/// come back together, and a retry never comes sooner than half the nominal delay. A server's
/// `Retry-After` is honoured as a lower bound (plus up to 20 % jitter). No retry starts once
/// `timeoutMs` have passed since the first attempt, nor when its delay would end past that.
struct PushRetryPolicy: Equatable, Sendable {
    /// Retries after the first attempt.
    var retries = 6
    /// The budget for one request, all attempts and waits included.
    var timeoutMs: Int64 = 120_000
    var initialDelayMs: Int64 = 500
    var maxDelayMs: Int64 = 30_000

    /// The wait before retry `retry` (1-based); `random` is uniform in [0, 1).
    func delayMs(retry: Int, retryAfterMs: Int64?, random: Double) -> Int64 {
        if let retryAfterMs { return retryAfterMs + Int64(Double(min(retryAfterMs / 5, 5_000)) * random) }
        let nominal = min(maxDelayMs, initialDelayMs << Int64(min(retry - 1, 30)))
        return nominal / 2 + Int64(Double(nominal - nominal / 2) * random)
    }

    /// `1.5s`, `250ms`, `2m05s`, for messages.
    static func format(ms: Int64) -> String {
        if ms < 1000 { return "\(ms)ms" }
        if ms < 60_000 {
            let tenths = (ms + 50) / 100
            return tenths % 10 == 0 ? "\(tenths / 10)s" : "\(tenths / 10).\(tenths % 10)s"
        }
        let seconds = (ms + 500) / 1000
        if seconds % 60 == 0 { return "\(seconds / 60)m" }
        return "\(seconds / 60)m\(seconds % 60 < 10 ? "0" : "")\(seconds % 60)s"
    }

    /// `Retry-After` (RFC 9110 §10.2.3): delay-seconds or an HTTP-date; nil when absent or unreadable.
    static func retryAfterMs(_ value: String?, nowEpochMs: Int64) -> Int64? {
        guard let value = value?.trimmingSpaces(), !value.isEmpty else { return nil }
        if let seconds = Int64(value) { return max(0, seconds) * 1000 }
        guard let date = HTTPDate.epochSeconds(value, now: nowEpochMs / 1000) else { return nil }
        return max(0, date * 1000 - nowEpochMs)
    }
}

/// Time as the retry loop sees it; tests pass one that advances without sleeping.
protocol PushClock: Sendable {
    /// Monotonic milliseconds, for deadlines.
    func monotonicMs() -> Int64
    /// Wall-clock milliseconds since the epoch, for `Retry-After` dates.
    func epochMs() -> Int64
    func sleep(ms: Int64)
    /// Uniform in [0, 1), for jitter.
    func random() -> Double
}

/// The real clock.
struct SystemPushClock: PushClock {
    func monotonicMs() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }

    func epochMs() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }

    func sleep(ms: Int64) {
        guard ms > 0 else { return }
        var request = timespec(tv_sec: Int(ms / 1000), tv_nsec: Int(ms % 1000) * 1_000_000)
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }

    func random() -> Double { Double.random(in: 0..<1) }
}
