import CSQLite
import Dispatch

/// Statistics of the writer, for `/metrics`.
public struct WriterStats: Sendable, Equatable {
    public var pending: Int = 0
    public var commits: Int = 0
    public var jobs: Int = 0
    public var failedCommits: Int = 0
    /// Histogram of jobs per commit: [1, 2–4, 5–16, 17–64, 65+].
    public var groupSizes: [Int] = [0, 0, 0, 0, 0]
}

/// The one thread that writes. Every job queued while a transaction commits goes into the next
/// transaction together (group commit), so many concurrent posts share one fsync. Each job runs
/// in its own SAVEPOINT: one bad job fails alone. A job's caller is answered only after COMMIT
/// returned, so an acknowledged write survives `kill -9`.
final class WriterQueue: @unchecked Sendable {
    private final class Job {
        let work: (Connection) throws -> Any
        var outcome: Result<Any, Error> = .failure(StoreError.closed)
        let done = DispatchSemaphore(value: 0)
        init(_ work: @escaping (Connection) throws -> Any) { self.work = work }
    }

    private let connection: Connection
    private let lock = Lock()
    private let wakeup = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private var jobs: [Job] = []
    private var closed = false
    private var stats = WriterStats()
    let maxPending: Int
    let maxGroup: Int

    init(connection: Connection, maxPending: Int, maxGroup: Int = 256) {
        self.connection = connection
        self.maxPending = maxPending
        self.maxGroup = maxGroup
        let thread = DispatchQueue(label: "verdict.store.writer", qos: .userInitiated)
        thread.async { [self] in loop() }
    }

    /// Runs `work` on the writer thread inside a transaction and returns once it is committed.
    func submit<T>(_ work: @escaping (Connection) throws -> T) throws -> T {
        let job = Job { try work($0) }
        try lock.withLock {
            if closed { throw StoreError.closed }
            if jobs.count >= maxPending { throw StoreError.overloaded(pending: jobs.count) }
            jobs.append(job)
            stats.pending = jobs.count
        }
        wakeup.signal()
        job.done.wait()
        return try job.outcome.get() as! T
    }

    var currentStats: WriterStats { lock.withLock { stats } }

    /// Stops taking jobs, finishes those queued, and waits for the thread to end.
    func close() {
        let wasClosed = lock.withLock { () -> Bool in
            defer { closed = true }
            return closed
        }
        guard !wasClosed else { return }
        wakeup.signal()
        finished.wait()
    }

    private func loop() {
        while true {
            wakeup.wait()
            while true {
                let group = lock.withLock { () -> [Job] in
                    let group = Array(jobs.prefix(maxGroup))
                    jobs.removeFirst(group.count)
                    stats.pending = jobs.count
                    return group
                }
                if group.isEmpty { break }
                commit(group)
            }
            if lock.withLock({ closed && jobs.isEmpty }) {
                finished.signal()
                return
            }
        }
    }

    private func commit(_ group: [Job]) {
        do {
            try connection.execute("BEGIN IMMEDIATE")
        } catch {
            group.forEach { $0.outcome = .failure(StoreError.wrap(error)); $0.done.signal() }
            return
        }
        for job in group {
            do {
                try connection.execute("SAVEPOINT job")
                job.outcome = .success(try job.work(connection))
                try connection.execute("RELEASE job")
            } catch {
                job.outcome = .failure(StoreError.wrap(error))
                try? connection.execute("ROLLBACK TO job")
                try? connection.execute("RELEASE job")
            }
        }
        var commitFailed = false
        do {
            try connection.execute("COMMIT")
        } catch {
            commitFailed = true
            try? connection.execute("ROLLBACK")
            for job in group where (try? job.outcome.get()) != nil { job.outcome = .failure(StoreError.wrap(error)) }
        }
        lock.withLock {
            stats.commits += 1
            stats.jobs += group.count
            if commitFailed { stats.failedCommits += 1 }
            let bucket = group.count == 1 ? 0 : group.count <= 4 ? 1 : group.count <= 16 ? 2 : group.count <= 64 ? 3 : 4
            stats.groupSizes[bucket] += 1
        }
        group.forEach { $0.done.signal() }
    }
}
