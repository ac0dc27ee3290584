import HTTPServer
import Testing
@testable import VerdictApp

/// The server's own refusals go through the app's error mapping; overload keeps `Retry-After`.
@Suite struct OverloadAnswerTests {
    @Test(arguments: [HTTPError.queueFull(limit: 8), .tooManyConnections(limit: 8)])
    func overloadRefusal_has503AndRetryAfter(_ error: HTTPError) throws {
        let fixture = try AppFixture()
        let response = fixture.app.errorResponse(for: error)
        #expect(response.status == 503)
        #expect(response.headers["Retry-After"] == "1")
    }
}
