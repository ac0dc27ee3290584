import CZlib

/// Streaming gzip decoder for `Content-Encoding: gzip` request bodies (RFC 9110 §8.4.1.3).
///
/// A class because zlib keeps a pointer back to its `z_stream`: the stream must never move.
final class GzipInflater {
    enum Failure: Error, Equatable { case corrupt, tooLarge }

    private let stream: UnsafeMutablePointer<z_stream>
    private var output = [UInt8](repeating: 0, count: 64 * 1024)
    /// The current gzip member ended; more input starts another member (RFC 1952 §2.2).
    private(set) var memberEnded = false

    init?() {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        guard czlib_inflate_init_gzip(stream) == Z_OK else {
            stream.deallocate()
            return nil
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
    }

    /// Decodes `input`, returning what it yields; fails as soon as the output passes `limit`,
    /// so a gzip bomb costs at most `limit` plus one output buffer of memory.
    func decompress(_ input: ArraySlice<UInt8>, limit: Int) -> Result<[UInt8], Failure> {
        var result: [UInt8] = []
        let failure: Failure? = input.withUnsafeBufferPointer { inBuffer in
            stream.pointee.next_in = UnsafeMutablePointer(mutating: inBuffer.baseAddress)
            stream.pointee.avail_in = UInt32(inBuffer.count)
            defer { stream.pointee.next_in = nil }
            return output.withUnsafeMutableBufferPointer { outBuffer -> Failure? in
                while true {
                    if memberEnded {
                        guard stream.pointee.avail_in > 0 else { return nil }
                        inflateReset(stream)
                        memberEnded = false
                    }
                    stream.pointee.next_out = outBuffer.baseAddress
                    stream.pointee.avail_out = UInt32(outBuffer.count)
                    let rc = inflate(stream, Z_NO_FLUSH)
                    let produced = outBuffer.count - Int(stream.pointee.avail_out)
                    result.append(contentsOf: outBuffer[0..<produced])
                    if result.count > limit { return .tooLarge }
                    switch rc {
                    case Z_STREAM_END:
                        memberEnded = true
                    case Z_OK:
                        if stream.pointee.avail_in == 0 && stream.pointee.avail_out > 0 { return nil }
                    case Z_BUF_ERROR:
                        return nil
                    default:
                        return .corrupt
                    }
                }
            }
        }
        if let failure { return .failure(failure) }
        return .success(result)
    }
}

/// Streaming gzip encoder; the client uses it for `Content-Encoding: gzip` uploads and tests use
/// it to build bodies.
public enum Gzip {
    /// Compresses `bytes` into one gzip member.
    public static func compress(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8] {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer { stream.deallocate() }
        guard czlib_deflate_init_gzip(stream, level) == Z_OK else { return [] }
        defer { deflateEnd(stream) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        bytes.withUnsafeBufferPointer { input in
            stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.pointee.avail_in = UInt32(input.count)
            chunk.withUnsafeMutableBufferPointer { out in
                while true {
                    stream.pointee.next_out = out.baseAddress
                    stream.pointee.avail_out = UInt32(out.count)
                    let rc = deflate(stream, Z_FINISH)
                    result.append(contentsOf: out[0..<(out.count - Int(stream.pointee.avail_out))])
                    if rc == Z_STREAM_END || (rc != Z_OK && rc != Z_BUF_ERROR) { break }
                }
            }
        }
        return result
    }
}
