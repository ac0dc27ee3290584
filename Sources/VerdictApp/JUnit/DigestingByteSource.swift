import Reports

/// Passes a body through to the parser and hashes it on the way, so an upload's idempotency
/// fingerprint costs no second read of its spool file (200 MB reports exist).
final class DigestingByteSource: ByteSource {
    private let base: any ByteSource
    private var hasher: SHA256

    /// `hasher` may already hold what precedes the body in the fingerprint.
    init(_ base: any ByteSource, hasher: SHA256) {
        self.base = base
        self.hasher = hasher
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = try base.read(into: buffer)
        hasher.update(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
        return count
    }

    /// The digest of everything read; call once the source is exhausted.
    func finalize() -> [UInt8] { hasher.finalize() }
}
