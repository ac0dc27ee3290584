#if canImport(Glibc)
import Glibc
#endif

/// Like `precondition`, but the message survives `-O` builds: printed, then `abort()`, which
/// libFuzzer reports as a crash and saves the input for.
public func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    guard !condition() else { return }
    let line = Array("fuzz invariant violated: \(message())\n".utf8)
    _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    abort()
}
