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
}
