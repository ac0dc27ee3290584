#if canImport(Glibc)
import Glibc
#endif

/// A failed system call, named with its errno: `bind: Address already in use`.
public struct SystemError: Error, CustomStringConvertible, Equatable, Sendable {
    public let call: String
    public let errno: Int32

    public init(call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    public var description: String { "\(call): \(String(cString: strerror(errno)))" }
}
