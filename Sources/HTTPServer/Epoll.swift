import CEpoll
import Glibc

// Glibc's Swift module map leaves out <sys/epoll.h> and <sys/eventfd.h> and hides accept4;
// the small CEpoll C target wraps them with plain C types (see cepoll.h for why).

/// An epoll instance (values from <sys/epoll.h>).
struct Epoll {
    static let input = cepoll_in
    static let output = cepoll_out
    static let error = cepoll_err
    static let hangUp = cepoll_hup
    static let exclusive = cepoll_exclusive

    let fd: Int32

    init() throws {
        fd = cepoll_create()
        guard fd >= 0 else { throw SystemError(call: "epoll_create1", errno: errno) }
    }

    func add(_ target: Int32, events: UInt32) { _ = cepoll_add(fd, target, events) }

    func modify(_ target: Int32, events: UInt32) { _ = cepoll_modify(fd, target, events) }

    func remove(_ target: Int32) { _ = cepoll_remove(fd, target) }

    /// Waits for events; returns how many were stored in `events` (0 on timeout or EINTR).
    func wait(_ events: EpollEvents, timeoutMs: Int) -> Int {
        let count = cepoll_wait(fd, events.buffer, Int32(events.capacity), Int32(timeoutMs))
        return max(0, Int(count))
    }

    func close() { _ = Glibc.close(fd) }
}

/// A C array of `struct epoll_event` for `epoll_wait` to fill.
struct EpollEvents {
    let buffer: UnsafeMutableRawPointer
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        buffer = cepoll_events_allocate(Int32(capacity))
    }

    func deallocate() { cepoll_events_free(buffer) }

    subscript(index: Int) -> (fd: Int32, events: UInt32) {
        (cepoll_event_fd(buffer, Int32(index)), cepoll_event_mask(buffer, Int32(index)))
    }
}

/// An eventfd other threads write to so a sleeping epoll loop wakes up.
struct WakeSignal {
    let fd: Int32

    init() throws {
        fd = cepoll_eventfd()
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
    var length = UInt32(MemoryLayout<sockaddr_storage>.size)
    return withUnsafeMutablePointer(to: &storage) { cepoll_accept(listener, $0, &length) }
}
