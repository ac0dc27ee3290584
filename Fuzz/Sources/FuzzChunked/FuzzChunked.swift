import FuzzSupport

/// A chunked body after a fixed head; the first byte's low bit adds `Content-Encoding: gzip`.
/// Besides the parser's invariants, an accepted plain body must match the reference decoder.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzChunked(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    guard let flags = input.first else { return 0 }
    let gzip = flags & 1 == 1
    let chunked = Array(input.dropFirst())
    let head = "POST /api/v1/projects/p/runs/r/results HTTP/1.1\r\nHost: fuzz\r\nTransfer-Encoding: chunked\r\n"
        + (gzip ? "Content-Encoding: gzip\r\n" : "") + "\r\n"
    let message = Array(head.utf8) + chunked
    ParserInvariants.check(message)
    if !gzip {
        let transcript = ParserTranscript(message, limits: ParserInvariants.limits)
        if let body = transcript.completedBodies.first {
            let reference = ReferenceChunkedDecoder.decode(chunked)
            require(reference == body, "parser decoded \(body.count) bytes, the reference \(reference.map { "\($0.count) bytes" } ?? "refused it")")
        }
    }
    return 0
}
