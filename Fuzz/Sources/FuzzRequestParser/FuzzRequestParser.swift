import FuzzSupport

/// Raw bytes as they would arrive on a connection: any number of pipelined requests.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequestParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    ParserInvariants.check(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
