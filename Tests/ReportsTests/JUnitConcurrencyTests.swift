import Foundation
import Reports
import Testing

/// The server parses uploads on a worker pool: reads on different threads must not share state
/// (XMLParser keeps its current parser, and libxml2 its error handler, per thread).
@Suite struct JUnitConcurrencyTests {
    @Test func concurrentReads_doNotInterfere() async throws {
        let good = JUnitXML.suite((0..<2000).map { JUnitXML.testcase("t\($0)", $0 % 3 == 0 ? "<failure/>" : "") }.joined())
        let bad = "<testsuites>\n<testsuite name=\"s\">\n<testcase name=\"a\">\n</testsuite>"
        let outcomes = try await withThrowingTaskGroup(of: (Bool, Int?, JUnitError?).self) { group in
            for index in 0..<16 {
                group.addTask {
                    let malformed = index % 4 == 0
                    let error = junitError { _ = try JUnitReader().read(malformed ? bad : good) }
                    let failed = malformed ? nil : try JUnitReader().read(good).summary.count(.failed)
                    return (malformed, failed, error)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.count == 16)
        for (malformed, failed, error) in outcomes {
            if malformed {
                guard case .malformed(4, _, _)? = error else {
                    Issue.record("got \(String(describing: error))")
                    continue
                }
            } else {
                #expect(error == nil)
                #expect(failed == 667)
            }
        }
    }
}
