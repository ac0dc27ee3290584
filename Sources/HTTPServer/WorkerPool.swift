import Glibc

/// A fixed set of threads running blocking handlers, fed by a bounded queue.
///
/// Bounded so overload turns into quick 503s instead of unbounded memory and latency.
final class WorkerPool: @unchecked Sendable {
    typealias Job = @Sendable () -> Void

    private let lock = ConditionLock()
    private var queue: [Job?] = []
    private var head = 0
    private var stopping = false
    private var threads: [pthread_t] = []
    /// Jobs that may wait for a thread; `submit` refuses beyond it.
    let capacity: Int

    init(threadCount: Int, capacity: Int) {
        self.capacity = max(0, capacity)
        threads = (0..<max(1, threadCount)).map { _ in
            Threads.spawn { [unowned self] in self.work() }
        }
    }

    /// Queues `job`; false when the queue is full or the pool is stopping.
    func submit(_ job: @escaping Job) -> Bool {
        lock.withLock {
            guard !stopping, queue.count - head < capacity else { return false }
            queue.append(job)
            lock.signal()
            return true
        }
    }

    /// Jobs waiting for a thread (not counting running ones).
    var queuedCount: Int { lock.withLock { queue.count - head } }

    /// Runs the queued jobs to completion, then stops and joins every thread.
    func shutdown() {
        lock.withLock {
            stopping = true
            lock.broadcast()
        }
        threads.forEach(Threads.join)
        threads = []
    }

    private func work() {
        while let job = nextJob() { job() }
    }

    private func nextJob() -> Job? {
        lock.withLock {
            while head == queue.count && !stopping { lock.wait() }
            guard head < queue.count else { return nil }
            let job = queue[head]
            queue[head] = nil
            head += 1
            if head == queue.count {
                queue.removeAll(keepingCapacity: true)
                head = 0
            } else if head > 1024 && head > queue.count / 2 {
                queue.removeFirst(head)
                head = 0
            }
            return job
        }
    }
}
