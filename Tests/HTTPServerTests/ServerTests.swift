import Glibc
import Testing
@testable import HTTPServer

@Suite struct ServerTests {
    @Test func getRequest_isAnswered() throws {
        let server = try startServer()
        defer { server.stop() }
        let client = HTTPClient(port: server.port)
        let response = try client.send("GET", "/")
        #expect(response.status == 200)
        #expect(response.text == "hello")
        #expect(response.headers["Content-Length"] == "5")
        #expect(response.headers["Date"] != nil)
    }
}
