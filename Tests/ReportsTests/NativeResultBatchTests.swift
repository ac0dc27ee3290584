import Reports
import Testing

@Suite struct NativeResultBatchTests {
    private func decode(_ text: String, limits: NativeLimits = NativeLimits()) throws(NativeReportError) -> NativeResultBatch {
        try NativeResultBatch.decode(Array(text.utf8), limits: limits)
    }

    @Test func decodesEveryField_andTheBatchWorkerIsTheDefault() throws {
        let batch = try decode("""
            {"worker": "gw1", "results": [
              {"test": "a::b", "status": "FAILED", "attempt": 2, "duration_ms": 12.4, "started_at": "2026-11-28T04:35:28Z",
               "file": "a.py", "suite": "A", "message": "boom", "trace": "tb", "output": "out", "attributes": {"k": "v", "n": 3}},
              {"test": "c", "status": "passed", "worker": "gw9"}
            ]}
            """)
        #expect(batch.results[0] == TestResult(
            test: "a::b", status: .failed, attempt: 2, durationMs: 12, startedAt: 1_795_840_528_000, worker: "gw1",
            file: "a.py", suite: "A", message: "boom", trace: "tb", output: "out", attributes: ["k": "v", "n": "3"]))
        #expect(batch.results[1].worker == "gw9" && batch.results[1].attempt == 1)
    }

    @Test(arguments: [
        (#"{"results": [{"status": "passed"}]}"#, "results[0].test"),
        (#"{"results": [{"test": "a", "status": "green"}]}"#, "results[0].status"),
        (#"{"results": [{"test": "a", "status": "passed"}, {"test": 3, "status": "passed"}]}"#, "results[1].test"),
        (#"{"results": [{"test": "a", "status": "passed", "attempt": 0}]}"#, "results[0].attempt"),
        (#"{"results": [{"test": "a", "status": "passed", "duration_ms": -1}]}"#, "results[0].duration_ms"),
        (#"{"results": [{"test": "a", "status": "passed", "started_at": "soon"}]}"#, "results[0].started_at"),
        (#"{"results": [{"test": "", "status": "passed"}]}"#, "results[0].test"),
        (#"{"results": {}}"#, "results"),
        (#"{"worker": "w"}"#, "results"),
        (#"[]"#, "body"),
    ])
    func invalidFields_areNamed(body: String, field: String) {
        #expect {
            _ = try decode(body)
        } throws: { error in
            guard case .invalidField(let named, _) = error as? NativeReportError else { return false }
            return named == field
        }
    }

    @Test func tooManyResults_isRefused() {
        var limits = NativeLimits()
        limits.maxResults = 2
        #expect(throws: NativeReportError.tooManyResults(count: 3, limit: 2)) {
            _ = try decode(#"{"results": [{"test":"a","status":"passed"},{"test":"b","status":"passed"},{"test":"c","status":"passed"}]}"#, limits: limits)
        }
    }

    @Test func longMessages_areCutWithAMarker() throws {
        var limits = NativeLimits()
        limits.maxMessageBytes = 10
        let batch = try decode(#"{"results": [{"test":"a","status":"failed","message":"ééééééééééé"}]}"#, limits: limits)
        let message = try #require(batch.results[0].message)
        #expect(message.hasPrefix("ééééé\n… [cut:"))
    }

    @Test func runInfo_decodes_andAnEmptyBodyIsAllowed() throws {
        #expect(try RunInfo.decode([]) == RunInfo())
        let info = try RunInfo.decode(Array(#"{"name": "n", "branch": "main", "commit": "abc", "url": "http://ci/1", "attributes": {"os": "linux"}, "started_at": 5}"#.utf8))
        #expect(info == RunInfo(name: "n", branch: "main", commit: "abc", url: "http://ci/1", attributes: ["os": "linux"], startedAt: 5))
    }
}
