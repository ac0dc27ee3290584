import Testing
@testable import verdict

@Suite struct PushServerAddressTests {
    @Test func hostPortAndPrefix_areSplit() throws {
        let address = try PushServerAddress(parsing: "http://verdict.internal:8080/tools/verdict/")
        #expect(address.host == "verdict.internal" && address.port == 8080 && address.pathPrefix == "/tools/verdict")
        #expect(address.target("/api/v1/projects") == "/tools/verdict/api/v1/projects")
        #expect(address.runPageURL(project: "shop", run: "1 2") == "http://verdict.internal:8080/tools/verdict/#/p/shop/runs/1%202")
    }

    @Test func portDefaultsTo80_andIPv6LiteralsLoseTheirBrackets() throws {
        #expect(try PushServerAddress(parsing: "http://ci-box").port == 80)
        let v6 = try PushServerAddress(parsing: "http://[::1]:9000")
        #expect(v6.host == "::1" && v6.port == 9000 && v6.base == "http://[::1]:9000")
    }

    @Test(arguments: ["https://x", "ftp://x", "x:80", "http://:80", "http://x:0", "http://x:http", "http://u:p@x", "http://x/?a=1"])
    func malformedOrUnsupported_isAUsageError(_ text: String) {
        #expect(throws: PushUsageError.self) { try PushServerAddress(parsing: text) }
    }

    @Test func segments_percentEncodeEverythingButUnreserved() {
        #expect(PushServerAddress.segment("a-b_c.d~e") == "a-b_c.d~e")
        #expect(PushServerAddress.segment("pr 12/3#?%é") == "pr%2012%2F3%23%3F%25%C3%A9")
    }
}
