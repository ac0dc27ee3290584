import FuzzSupport
import Reports

let limits: NativeLimits = {
    var limits = NativeLimits()
    limits.maxResults = 64
    limits.maxTestKeyBytes = 256
    limits.maxMessageBytes = 512
    limits.maxTraceBytes = 1024
    limits.maxOutputBytes = 1024
    return limits
}()

/// Any bytes as the body of a native post (and of a run update): decoded or refused with a
/// typed error, never a crash; a JSON document written back reads as the same document.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNativeJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let document = try? JSONParser.parse(bytes) {
        let written = JSONWriter.bytes(document)
        let reread = try? JSONParser.parse(written)
        require(reread == document, "written back as \(String(decoding: written, as: UTF8.self)), which reads differently")
    }
    if let batch = try? NativeResultBatch.decode(bytes, limits: limits) {
        require(batch.results.count <= limits.maxResults, "\(batch.results.count) results")
        for result in batch.results {
            require(!result.test.isEmpty && result.test.utf8.count <= limits.maxTestKeyBytes, "test key \(result.test)")
            require((result.message?.utf8.count ?? 0) <= limits.maxMessageBytes + 64, "message of \(result.message?.utf8.count ?? 0) bytes")
            require((1...1000).contains(result.attempt), "attempt \(result.attempt)")
        }
    }
    _ = try? RunInfo.decode(bytes)
    _ = try? RunInfo.decodeFinish(bytes)
    return 0
}
