import Testing
@testable import verdict

/// `verdict push` honours a `Retry-After` given as an HTTP-date in any of its three forms.
@Suite struct RetryAfterDateTests {
    /// Sun, 06 Nov 1994 08:49:37 GMT, RFC 9110's example, in ms.
    static let now: Int64 = 784_111_777 * 1000

    @Test func retryAfter_acceptsTheObsoleteForms() {
        #expect(PushRetryPolicy.retryAfterMs("Sunday, 06-Nov-94 08:50:07 GMT", nowEpochMs: Self.now) == 30_000)
        #expect(PushRetryPolicy.retryAfterMs("Sun Nov  6 08:50:37 1994", nowEpochMs: Self.now) == 60_000)
    }
}
