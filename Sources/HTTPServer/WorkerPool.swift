import Glibc
import Synchronization

/// A fixed set of threads running blocking handlers, fed by a bounded queue.
///
/// Bounded so overload turns into quick 503s instead of unbounded memory and latency.
///
/// An idle worker sleeps on its own semaphore, and `submit` hands a job straight to the idle
/// worker that ran last (its stack and caches are warm). With one shared condition variable,
/// every hand-off woke a thread that then fought the submitter for the mutex: about six futex
/// calls per request where two suffice (one post, one wait).
final class WorkerPool: @unchecked Sendable {
    typealias Job = @Sendable () -> Void

    /// One thread's parking place.
    private final class Worker: @unchecked Sendable {
        let semaphore = UnsafeMutablePointer<sem_t>.allocate(capacity: 1)
        /// Set by `submit` (or cleared for shutdown) before the semaphore is posted.
        var handedJob: Job?

        init() { sem_init(semaphore, 0, 0) }

        deinit {
            sem_destroy(semaphore)
            semaphore.deallocate()
        }

        func park() {
            while sem_wait(semaphore) != 0 && errno == EINTR {}
        }

        func unpark() { sem_post(semaphore) }
    }

    /// What the lock guards.
    private struct State: ~Copyable {
        var queue: [Job?] = []
        var head = 0
        /// Workers waiting for a job, the most recently parked last.
        var idle: [Worker] = []
        var stopping = false

        var queuedCount: Int { queue.count - head }

        /// Takes the oldest queued job.
        mutating func dequeue() -> Job? {
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

    private let state = Mutex(State())
    private var threads: [pthread_t] = []
    /// Jobs that may wait for a thread; `submit` refuses beyond it.
    let capacity: Int

    init(threadCount: Int, capacity: Int) {
        self.capacity = max(0, capacity)
        threads = (0..<max(1, threadCount)).map { _ in
            let worker = Worker()
            return Threads.spawn { [unowned self] in self.work(as: worker) }
        }
    }

    /// Queues `job`; false when the queue is full or the pool is stopping.
    func submit(_ job: @escaping Job) -> Bool {
        let (accepted, woken) = state.withLock { state -> (Bool, Worker?) in
            guard !state.stopping else { return (false, nil) }
            if let worker = state.idle.popLast() {
                worker.handedJob = job
                return (true, worker)
            }
            guard state.queuedCount < capacity else { return (false, nil) }
            state.queue.append(job)
            return (true, nil)
        }
        // Posted outside the lock: the woken thread needs nothing the submitter holds.
        woken?.unpark()
        return accepted
    }

    /// Jobs waiting for a thread (not counting running ones).
    var queuedCount: Int { state.withLock { $0.queuedCount } }

    /// Runs the queued jobs to completion, then stops and joins every thread.
    func shutdown() {
        let parked = state.withLock { state -> [Worker] in
            state.stopping = true
            defer { state.idle.removeAll() }
            return state.idle
        }
        for worker in parked { worker.unpark() }
        threads.forEach(Threads.join)
        threads = []
    }

    private func work(as worker: Worker) {
        while let job = nextJob(for: worker) { job() }
    }

    /// The next queued job, or the one handed over after parking; nil once stopping with an
    /// empty queue.
    private func nextJob(for worker: Worker) -> Job? {
        let queued = state.withLock { state -> Job?? in
            if let job = state.dequeue() { return .some(job) }
            if state.stopping { return .some(nil) }
            state.idle.append(worker)
            return .none
        }
        if let queued { return queued }
        worker.park()
        // The semaphore orders this read after the submitter's write; nil means shut down.
        defer { worker.handedJob = nil }
        return worker.handedJob
    }
}
