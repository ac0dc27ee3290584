import Glibc

// Glibc's Swift module map leaves out <sys/epoll.h> and <sys/eventfd.h> and hides accept4
// behind _GNU_SOURCE, and this target may import no other C module. So the few libc symbols
// we need are bound by name here, and nowhere else. Every parameter is an integer or a
// pointer and none throws, so the Swift and C calling conventions agree. A `CEpoll` shim
// module (like CZlib's) would replace these declarations one for one.
@_silgen_name("epoll_create1") private func c_epoll_create1(_ flags: Int32) -> Int32
@_silgen_name("epoll_ctl")
private func c_epoll_ctl(_ epfd: Int32, _ op: Int32, _ fd: Int32, _ event: UnsafeMutableRawPointer?) -> Int32
@_silgen_name("epoll_wait")
private func c_epoll_wait(_ epfd: Int32, _ events: UnsafeMutableRawPointer, _ max: Int32, _ timeout: Int32) -> Int32
@_silgen_name("eventfd") private func c_eventfd(_ initial: UInt32, _ flags: Int32) -> Int32
@_silgen_name("accept4")
private func c_accept4(_ fd: Int32, _ address: UnsafeMutablePointer<sockaddr>?,
                       _ length: UnsafeMutablePointer<socklen_t>?, _ flags: Int32) -> Int32

/// An epoll instance (values from <sys/epoll.h>).
struct Epoll {
    static let input: UInt32 = 0x001
    static let output: UInt32 = 0x004
    static let error: UInt32 = 0x008
    static let hangUp: UInt32 = 0x010
    static let exclusive: UInt32 = 1 << 28

    private static let add: Int32 = 1
    private static let delete: Int32 = 2
    private static let modify: Int32 = 3

    let fd: Int32

    init() throws {
        fd = c_epoll_create1(O_CLOEXEC)
        guard fd >= 0 else { throw SystemError(call: "epoll_create1", errno: errno) }
    }

    func add(_ target: Int32, events: UInt32) { control(Self.add, target, events) }

    func modify(_ target: Int32, events: UInt32) { control(Self.modify, target, events) }

    func remove(_ target: Int32) { _ = c_epoll_ctl(fd, Self.delete, target, nil) }

    private func control(_ operation: Int32, _ target: Int32, _ events: UInt32) {
        withUnsafeTemporaryAllocation(byteCount: EpollEvents.stride, alignment: 8) { raw in
            let event = raw.baseAddress!
            event.storeBytes(of: events, as: UInt32.self)
            (event + EpollEvents.dataOffset).storeBytes(of: UInt64(UInt32(bitPattern: target)), as: UInt64.self)
            _ = c_epoll_ctl(fd, operation, target, event)
        }
    }

    /// Waits for events; returns how many were stored in `events` (0 on timeout or EINTR).
    func wait(_ events: EpollEvents, timeoutMs: Int) -> Int {
        let count = c_epoll_wait(fd, events.buffer, Int32(events.capacity), Int32(timeoutMs))
        return max(0, Int(count))
    }

    func close() { _ = Glibc.close(fd) }
}

/// A C array of `struct epoll_event`, which is packed on x86_64 (12 bytes) and not elsewhere.
struct EpollEvents {
    #if arch(x86_64) || arch(i386)
    static let stride = 12, dataOffset = 4
    #else
    static let stride = 16, dataOffset = 8
    #endif

    let buffer: UnsafeMutableRawPointer
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        buffer = .allocate(byteCount: capacity * Self.stride, alignment: 8)
        buffer.initializeMemory(as: UInt8.self, repeating: 0, count: capacity * Self.stride)
    }

    func deallocate() { buffer.deallocate() }

    subscript(index: Int) -> (fd: Int32, events: UInt32) {
        let base = buffer + index * Self.stride
        let events = base.loadUnaligned(as: UInt32.self)
        let data = (base + Self.dataOffset).loadUnaligned(as: UInt64.self)
        return (Int32(bitPattern: UInt32(truncatingIfNeeded: data)), events)
    }
}

/// An eventfd other threads write to so a sleeping epoll loop wakes up.
struct WakeSignal {
    let fd: Int32

    init() throws {
        fd = c_eventfd(0, O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw SystemError(call: "eventfd", errno: errno) }
    }

    func signal() {
        var one: UInt64 = 1
        _ = write(fd, &one, 8)
    }

    func reset() {
        var value: UInt64 = 0
        _ = read(fd, &value, 8)
    }

    func close() { _ = Glibc.close(fd) }
}

/// `accept4` with non-blocking and close-on-exec set atomically.
func acceptConnection(_ listener: Int32, _ storage: inout sockaddr_storage) -> Int32 {
    var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
    return withUnsafeMutablePointer(to: &storage) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            c_accept4(listener, $0, &length, Int32(SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue))
        }
    }
}
