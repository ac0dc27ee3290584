#if canImport(Glibc)
import Glibc
#endif

enum FileHandle {
    /// Writes to standard error, unbuffered.
    static func standardErrorWrite(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
    }
}
