import Foundation
import Reports

/// A `ByteSource` that writes a JUnit document of `cases` test cases as it is read, so tests can
/// feed hundreds of megabytes without holding them anywhere.
final class SyntheticReportStream: ByteSource {
    private let cases: Int
    private let outputBytes: Int
    private var next = 0
    private var pending: [UInt8] = Array("<?xml version=\"1.0\"?>\n<testsuites><testsuite name=\"big\">\n".utf8)
    private var finished = false
    private(set) var bytesProduced = 0

    /// `outputBytes` of `<system-out>` per case; every 20th case fails with a short trace.
    init(cases: Int, outputBytes: Int) {
        self.cases = cases
        self.outputBytes = outputBytes
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while pending.count < buffer.count && !finished { produce() }
        let count = min(buffer.count, pending.count)
        pending.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[..<count])) }
        pending.removeFirst(count)
        bytesProduced += count
        return count
    }

    private func produce() {
        guard next < cases else {
            pending += Array("</testsuite></testsuites>\n".utf8)
            finished = true
            return
        }
        let failure = next % 20 == 0 ? "<failure message=\"boom\">trace line\ntrace line</failure>" : ""
        let output = String(repeating: "log \(next) ", count: max(1, outputBytes / 10))
        let text = "<testcase classname=\"pkg.Mod\(next % 50)\" name=\"test_\(next)\" time=\"0.01\">\(failure)<system-out>\(output)</system-out></testcase>\n"
        pending += Array(text.utf8)
        next += 1
    }
}

/// Resident memory of this process, from /proc/self/statm (Linux).
func residentBytes() -> Int? {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}
