import Glibc
import Testing
@testable import HTTPServer

@Suite struct WorkerPoolTests {
    @Test func submitBeyondCapacity_isRefused() {
        let gate = Gate()
        let pool = WorkerPool(threadCount: 1, capacity: 2)
        #expect(pool.submit { gate.wait() })
        #expect(eventually { gate.arrivals == 1 })
        #expect(pool.submit {})
        #expect(pool.submit {})
        #expect(!pool.submit {})
        #expect(pool.queuedCount == 2)
        gate.open()
        pool.shutdown()
        #expect(pool.queuedCount == 0)
    }

    @Test func shutdown_runsQueuedJobsFirst() {
        let done = Recorder<Int>()
        let pool = WorkerPool(threadCount: 2, capacity: 100)
        for index in 0..<50 { _ = pool.submit { done.append(index) } }
        pool.shutdown()
        #expect(done.all.sorted() == Array(0..<50))
        #expect(!pool.submit {})
    }

    @Test func idleWorkers_takeJobsDirectly_soCapacityCountsOnlyWaitingJobs() {
        let gate = Gate()
        let pool = WorkerPool(threadCount: 2, capacity: 0)
        // No job may wait, yet each parked worker is handed one.
        #expect(eventually { pool.submit { gate.wait() } })
        #expect(eventually { pool.submit { gate.wait() } })
        #expect(eventually { gate.arrivals == 2 })
        #expect(!pool.submit {})
        gate.open()
        #expect(eventually { pool.submit {} })
        pool.shutdown()
    }

    @Test func concurrentSubmitters_everyJobRunsExactlyOnce() {
        let done = Recorder<Int>()
        let pool = WorkerPool(threadCount: 4, capacity: 100_000)
        let submitters = (0..<4).map { s in
            Threads.spawn {
                for index in 0..<2_000 {
                    let job = s * 2_000 + index
                    while !pool.submit({ done.append(job) }) { usleep(100) }
                }
            }
        }
        submitters.forEach(Threads.join)
        pool.shutdown()
        #expect(done.all.sorted() == Array(0..<8_000))
    }

    @Test func shutdown_wakesParkedWorkers() {
        let pool = WorkerPool(threadCount: 8, capacity: 10)
        let ran = Recorder<Int>()
        #expect(pool.submit { ran.append(1) })
        #expect(eventually { ran.all.count == 1 })
        // Every thread is parked now; shutdown must return, not wait for jobs that never come.
        pool.shutdown()
        #expect(!pool.submit {})
    }
}
