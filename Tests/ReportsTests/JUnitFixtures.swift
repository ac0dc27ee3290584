import Foundation
import Reports

/// Small JUnit documents for tests: each test shows only the part it is about.
enum JUnitXML {
    /// `cases` inside one `<testsuite name="suite">` inside `<testsuites>`.
    static func suite(_ cases: String, name: String = "suite", attributes: String = "") -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <testsuites>
          <testsuite name="\(name)" \(attributes)>
        \(cases)
          </testsuite>
        </testsuites>
        """
    }

    /// A `<testcase>` with the given children.
    static func testcase(_ name: String = "test_ok", classname: String = "pkg.Class", attributes: String = "",
                         _ children: String = "") -> String {
        "<testcase classname=\"\(classname)\" name=\"\(name)\" \(attributes)>\(children)</testcase>"
    }
}

extension JUnitReader {
    /// Reads a document given as text (UTF-8).
    func read(_ xml: String) throws -> (results: [TestResult], summary: JUnitSummary) {
        try read(bytes: Array(xml.utf8))
    }

    /// Reads a document held in `data`.
    func read(data: Data) throws -> (results: [TestResult], summary: JUnitSummary) {
        try read(bytes: Array(data))
    }

    /// Reads a document held in `data`, in batches.
    func read(data: Data, emit: ([TestResult]) throws -> Void) throws -> JUnitSummary {
        try read(bytes: Array(data), emit: emit)
    }
}

/// Reads `xml` with default options and returns its results.
func results(of xml: String, options: JUnitOptions = .init()) throws -> [TestResult] {
    try JUnitReader(options: options).read(xml).results
}

/// The error `body` throws, if it is a `JUnitError`.
func junitError(_ body: () throws -> Void) -> JUnitError? {
    do {
        try body()
        return nil
    } catch {
        return error as? JUnitError
    }
}
