import Foundation

/// The shared JUnit corpus (`shared/corpus/junit/`) and its `expected.json`, located from this
/// file: the package root's sibling `../shared`.
struct JUnitCorpus {
    struct Expected: Decodable {
        let files: [String: FileExpectation]
    }

    struct FileExpectation: Decodable {
        let parse_ok: Bool
        let root: String?
        let testcases: Int?
        let counts: [String: Int]?
        let flaky_cases: Int?
        let failed_attempts: Int?
        let cases_with_time: Int?
        let total_time: Double?
        let cases: [CaseExpectation]?
        let cases_sha256: String?
    }

    struct CaseExpectation: Decodable {
        let suite: String
        let classname: String
        let name: String
        let status: String
        let time: Double?
        let flaky: Bool
        let failed_attempts: Int
    }

    let directory: URL

    /// Nil when the corpus is not checked out beside the package.
    static func locate(from path: String = #filePath) -> JUnitCorpus? {
        let root = URL(fileURLWithPath: path).deletingLastPathComponent()  // ReportsTests
            .deletingLastPathComponent().deletingLastPathComponent()  // package root
        let directory = root.deletingLastPathComponent().appendingPathComponent("shared/corpus/junit")
        let exists = FileManager.default.fileExists(atPath: directory.appendingPathComponent("expected.json").path)
        return exists ? JUnitCorpus(directory: directory) : nil
    }

    func expected() throws -> Expected {
        let data = try Data(contentsOf: directory.appendingPathComponent("expected.json"))
        return try JSONDecoder().decode(Expected.self, from: data)
    }

    func data(of file: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent("files").appendingPathComponent(file))
    }
}
