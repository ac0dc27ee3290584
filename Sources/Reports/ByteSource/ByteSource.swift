/// Bytes read in order, a piece at a time: what `JUnitReader` parses. The body of an upload is
/// either in memory (`ByteArraySource`) or in a spool file (VerdictApp's `FileByteSource`).
public protocol ByteSource: AnyObject {
    /// Copies the next bytes into `buffer` and returns how many; 0 only at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}
