#if canImport(Glibc)
import Glibc
#endif

/// Bytes read in order, a piece at a time: what `JUnitReader` parses. The body of an upload is
/// either in memory (`ByteArraySource`) or in a spool file (`FileByteSource`).
public protocol ByteSource: AnyObject {
    /// Copies the next bytes into `buffer` and returns how many; 0 only at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// A failed system call of a `ByteSource`, named with its errno: `open /tmp/x: No such file or directory`.
public struct ByteSourceError: Error, Equatable, Sendable, CustomStringConvertible {
    public let call: String
    public let errno: Int32

    public init(call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    public var description: String { "\(call): \(String(cString: strerror(errno)))" }
}
