import FuzzSupport
import Reports

/// Small limits, so truncation, batching and the depth bound are all reached.
let options = JUnitOptions(
    worker: "fuzz", batchSize: 7, maxBatchBytes: 4096, maxOutputBytes: 256, maxTraceBytes: 256,
    maxMessageBytes: 128, maxProperties: 4, maxPropertyValueBytes: 64, maxRetriesPerCase: 3, maxDepth: 16)

/// Any bytes as a JUnit report: the reader must refuse or read it, never crash, and what it
/// returns must respect its limits.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJUnit(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let body = Array(UnsafeBufferPointer(start: data, count: size))
    var results: [TestResult] = []
    guard let summary = try? JUnitReader(options: options).read(bytes: body, emit: { batch in
        require(!batch.isEmpty && batch.count <= options.batchSize, "a batch of \(batch.count)")
        results += batch
    }) else { return 0 }
    require(summary.results == results.count, "summary says \(summary.results) results, \(results.count) emitted")
    for result in results {
        require(!result.test.isEmpty, "a result without a test key")
        require(result.attempt >= 1, "attempt \(result.attempt)")
        require(result.worker == "fuzz", "worker \(result.worker ?? "nil")")
        require((result.message?.utf8.count ?? 0) <= options.maxMessageBytes + 64, "message of \(result.message?.utf8.count ?? 0) bytes")
        require((result.output?.utf8.count ?? 0) <= options.maxOutputBytes + 64, "output of \(result.output?.utf8.count ?? 0) bytes")
    }
    return 0
}
