import Reports

/// How the app behaves; every field has a `verdict serve` flag.
public struct AppConfiguration: Sendable {
    /// A full-rights token (`--token` / `VERDICT_TOKEN`), kept only as its hash.
    public var rootToken: String?
    /// Reads need a token too (`--private`).
    public var privateReads = false
    /// A running run with no write for this long is finished (`--run-idle-timeout`).
    public var runIdleTimeoutMs: Int64 = 60 * 60 * 1000
    /// Idempotency keys are remembered this long.
    public var idempotencyRetentionMs: Int64 = 24 * 60 * 60 * 1000
    /// JSON bodies larger than this are refused with 413 (report uploads have the server's larger limit).
    public var maxJSONBodyBytes = 32 * 1024 * 1024
    public var nativeLimits = NativeLimits()
    /// `<system-out>`/`<system-err>` kept per JUnit result, cut with a marker beyond it.
    public var junitMaxOutputBytes = 64 * 1024
    /// Serve the UI from this folder instead of the copy embedded in the binary (`--public`).
    public var publicDirectory: String?

    public var flaky = FlakyConfiguration()
    public var reportPortal = ReportPortalConfiguration()

    public init() {}
}
