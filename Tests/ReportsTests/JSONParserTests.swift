import Reports
import Testing

@Suite struct JSONParserTests {
    @Test func parsesEveryKindOfValue() throws {
        let value = try JSONParser.parse(#"{"a": [1, -2.5e2, true, false, null], "b": "x\u00e9\n\"", "c": {}}"#)
        #expect(value == ["a": [1, -250.0, true, false, nil], "b": "xé\n\"", "c": .object([])])
    }

    @Test func surrogatePairs_becomeOneScalar() throws {
        #expect(try JSONParser.parse(#""\ud83d\ude00""#) == "😀")
    }

    @Test(arguments: [
        (#"{"a": 1,}"#, 1, 9),
        ("{\n  \"a\" 1}", 2, 7),
        (#"[01]"#, 1, 3),
        (#""\ud800""#, 1, 8),
        (#"{"a": tru}"#, 1, 7),
        ("\"tab\there\"", 1, 5),
        (#"[1] 2"#, 1, 5),
        ("", 1, 1),
    ])
    func malformedInput_isRejectedWithItsPosition(input: String, line: Int, column: Int) {
        #expect {
            _ = try JSONParser.parse(input)
        } throws: { error in
            guard let error = error as? JSONSyntaxError else { return false }
            return error.line == line && error.column == column
        }
    }

    @Test func deepNesting_isRejectedNotCrashing() {
        let deep = String(repeating: "[", count: 100_000)
        #expect(throws: JSONSyntaxError.self) { _ = try JSONParser.parse(deep) }
    }

    @Test func invalidUTF8_isRejected() {
        #expect(throws: JSONSyntaxError.self) { _ = try JSONParser.parse([0x22, 0xFF, 0x22]) }
    }

    @Test func writer_roundTripsAndEscapesMarkup() throws {
        let value: JSONValue = ["s": "</script><b>&\u{1}", "n": 12, "f": 0.5, "list": [nil, true]]
        let text = JSONWriter.string(value)
        #expect(!text.contains("<") && !text.contains(">") && !text.contains("&"))
        #expect(try JSONParser.parse(text) == value)
        #expect(JSONWriter.string(["n": 12]) == #"{"n":12}"#)
    }
}
