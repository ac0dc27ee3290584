import Reports
import Testing

/// Inputs that once crashed the native JSON decoder, found by schemathesis and the fuzzers
/// (`Fuzz/Regressions/native-json/` holds the same bytes for the fuzz target).
@Suite struct NativeJSONRegressionTests {
    /// A whole-number attribute beyond Int64 trapped in `Int64(_:)` and took the server down.
    @Test(arguments: ["2.313793635143569e+246", "1e19", "-1e19", "9223372036854775808", "1e15"])
    func hugeWholeNumberAttribute_isKeptAsText(_ number: String) throws {
        let body = #"{"results": [{"test": "t", "status": "passed", "attributes": {"big": \#(number)}}]}"#
        let batch = try NativeResultBatch.decode(Array(body.utf8))
        let text = try #require(batch.results.first?.attributes["big"])
        #expect(Double(text) == Double(number))
    }

    @Test func hugeWholeNumberAttributeOfARun_isKeptAsText() throws {
        let info = try RunInfo.decode(Array(#"{"attributes": {"big": 1e300}}"#.utf8))
        #expect(info.attributes["big"].flatMap(Double.init) == 1e300)
    }

    @Test func wholeNumberAttribute_hasNoFraction() throws {
        let batch = try NativeResultBatch.decode(Array(#"{"results": [{"test": "t", "status": "passed", "attributes": {"n": 42}}]}"#.utf8))
        #expect(batch.results.first?.attributes["n"] == "42")
    }
}
