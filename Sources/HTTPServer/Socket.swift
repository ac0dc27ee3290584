import Glibc

/// A host name that getaddrinfo could not resolve (its errors are not errno values).
public struct HostResolutionError: Error, CustomStringConvertible, Equatable, Sendable {
    public let host: String
    public let reason: String

    public var description: String { "getaddrinfo \(host): \(reason)" }
}

/// The socket system calls the server and client share; every failure becomes a `SystemError`
/// naming the call.
enum Socket {
    /// Addresses for `host:port`, as getaddrinfo returns them.
    static func resolve(host: String, port: Int, passive: Bool) throws -> [(family: Int32, address: [UInt8])] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV | (passive ? AI_PASSIVE : 0)
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host.isEmpty ? nil : host, String(port), &hints, &list)
        guard rc == 0, let list else {
            throw HostResolutionError(host: host, reason: String(cString: gai_strerror(rc)))
        }
        defer { freeaddrinfo(list) }
        var result: [(Int32, [UInt8])] = []
        var node: UnsafeMutablePointer<addrinfo>? = list
        while let current = node {
            let info = current.pointee
            if let address = info.ai_addr {
                let bytes = UnsafeRawBufferPointer(start: address, count: Int(info.ai_addrlen))
                result.append((info.ai_family, Array(bytes)))
            }
            node = info.ai_next
        }
        return result
    }

    /// A non-blocking listening socket bound to `host:port` (port 0 picks a free port).
    static func listen(host: String, port: Int, backlog: Int32 = 1024) throws -> Int32 {
        var lastError = SystemError(call: "bind", errno: EADDRNOTAVAIL)
        for (family, address) in try resolve(host: host, port: port, passive: true) {
            let fd = socket(family, Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else {
                lastError = SystemError(call: "socket", errno: errno)
                continue
            }
            // SO_REUSEADDR: a restart must not wait for TIME_WAIT sockets of the last run.
            setOption(fd, SOL_SOCKET, SO_REUSEADDR, 1)
            let bound = address.withUnsafeBytes {
                bind(fd, $0.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(address.count))
            }
            if bound != 0 {
                lastError = SystemError(call: "bind", errno: errno)
                close(fd)
                continue
            }
            if Glibc.listen(fd, backlog) != 0 {
                lastError = SystemError(call: "listen", errno: errno)
                close(fd)
                continue
            }
            return fd
        }
        throw lastError
    }

    static func setOption(_ fd: Int32, _ level: Int32, _ name: Int32, _ value: Int32) {
        var value = value
        _ = setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size))
    }

    /// The port a socket is bound to.
    static func localPort(_ fd: Int32) -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return describe(storage).port
    }

    /// `address:port` text for logs.
    static func describe(_ storage: sockaddr_storage) -> (host: String, port: Int) {
        var storage = storage
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        return withUnsafePointer(to: &storage) { pointer -> (String, Int) in
            switch Int32(pointer.pointee.ss_family) {
            case AF_INET:
                return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { in4 in
                    var address = in4.pointee.sin_addr
                    inet_ntop(AF_INET, &address, &text, socklen_t(text.count))
                    return (cText(text), Int(UInt16(bigEndian: in4.pointee.sin_port)))
                }
            case AF_INET6:
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { in6 in
                    var address = in6.pointee.sin6_addr
                    inet_ntop(AF_INET6, &address, &text, socklen_t(text.count))
                    return (cText(text), Int(UInt16(bigEndian: in6.pointee.sin6_port)))
                }
            default:
                return ("", 0)
            }
        }
    }

    /// `send` without SIGPIPE; returns bytes sent, 0 when the socket would block.
    static func send(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws(SystemError) -> Int {
        while true {
            let n = Glibc.send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
            if n >= 0 { return n }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { return 0 }
            throw SystemError(call: "send", errno: errno)
        }
    }

    /// `recv` into `buffer`; nil when it would block, 0 at end of stream.
    static func receive(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(SystemError) -> Int? {
        while true {
            let n = recv(fd, buffer.baseAddress, buffer.count, 0)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { return nil }
            throw SystemError(call: "recv", errno: errno)
        }
    }
}

/// Milliseconds of `CLOCK_MONOTONIC`: immune to wall-clock changes, for timeouts.
enum MonotonicClock {
    static func now() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Int64(time.tv_sec) * 1000 + Int64(time.tv_nsec) / 1_000_000
    }
}

/// A NUL-terminated C buffer as a String.
func cText(_ buffer: [CChar]) -> String {
    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
