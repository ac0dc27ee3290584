import CEpoll
import Glibc

// Glibc's Swift module map leaves out <sys/epoll.h> and <sys/eventfd.h> and hides accept4;
// the CEpoll shim brings them in and keeps `struct epoll_event`'s packed layout in C.

/// An epoll instance (values from <sys/epoll.h>).
struct Epoll {
    static let input = EPOLLIN.rawValue
    static let output = EPOLLOUT.rawValue
    static let error = EPOLLERR.rawValue
    static let hangUp = EPOLLHUP.rawValue
    static let exclusive = EPOLLEXCLUSIVE.rawValue

    private static let add = EPOLL_CTL_ADD
    private static let delete = EPOLL_CTL_DEL
    private static let modify = EPOLL_CTL_MOD

    let fd: Int32

    init() throws {
        fd = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard fd >= 0 else { throw SystemError(call: "epoll_create1", errno: errno) }
    }

    func add(_ target: Int32, events: UInt32) { control(Self.add, target, events) }

    func modify(_ target: Int32, events: UInt32) { control(Self.modify, target, events) }

    func remove(_ target: Int32) { _ = epoll_ctl(fd, Self.delete, target, nil) }

    private func control(_ operation: Int32, _ target: Int32, _ events: UInt32) {
        _ = cepoll_ctl(fd, operation, target, events)
    }

    /// Waits for events; returns how many were stored in `events` (0 on timeout or EINTR).
    func wait(_ events: EpollEvents, timeoutMs: Int) -> Int {
        let count = epoll_wait(fd, events.buffer, Int32(events.capacity), Int32(timeoutMs))
        return max(0, Int(count))
    }

    func close() { _ = Glibc.close(fd) }
}

/// A C array of `struct epoll_event` for `epoll_wait` to fill.
struct EpollEvents {
    let buffer: UnsafeMutablePointer<epoll_event>
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        buffer = cepoll_events_allocate(Int32(capacity))
    }

    func deallocate() { free(buffer) }

    subscript(index: Int) -> (fd: Int32, events: UInt32) {
        (cepoll_event_fd(buffer, Int32(index)), cepoll_event_mask(buffer, Int32(index)))
    }
}

/// An eventfd other threads write to so a sleeping epoll loop wakes up.
struct WakeSignal {
    let fd: Int32

    init() throws {
        fd = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
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
            cepoll_accept4(listener, $0, &length)
        }
    }
}
