import Testing
@testable import HTTPServer

@Suite struct HTTPErrorTests {
    @Test(arguments: [
        (HTTPError.headerTooLarge(limit: 1), 431, "header_too_large"),
        (.tooManyHeaders(limit: 1), 431, "header_too_large"),
        (.bodyTooLarge(limit: 1, declared: 2), 413, "body_too_large"),
        (.badRequest(.missingHost), 400, "bad_request"),
        (.smugglingRejected(.conflictingContentLengths), 400, "smuggling_rejected"),
        (.lengthRequired(method: "POST"), 411, "length_required"),
        (.requestTimeout(phase: .header, limitMs: 1), 408, "request_timeout"),
        (.unsupportedContentEncoding("br"), 415, "unsupported_encoding"),
        (.unsupportedTransferEncoding("gzip"), 501, "unsupported_transfer_encoding"),
        (.unsupportedVersion("HTTP/2.0"), 505, "version_not_supported"),
        (.tooManyConnections(limit: 1), 503, "overloaded"),
        (.queueFull(limit: 1), 503, "overloaded"),
    ])
    func error_suggestsStatusAndCode(error: HTTPError, status: Int, code: String) {
        #expect(error.status == status)
        #expect(error.code == code)
    }

    @Test func defaultResponse_isTheJSONEnvelope() {
        let response = HTTPError.defaultResponse(.bodyTooLarge(limit: 10, declared: 11))
        #expect(response.status == 413)
        #expect(response.headers["Content-Type"] == "application/json")
        #expect(String(decoding: response.body, as: UTF8.self)
            == #"{"error": {"code": "body_too_large", "message": "Content-Length 11 exceeds the limit of 10 bytes"}}"#)
    }

    @Test func queueFull_suggestsRetryAfter() {
        #expect(HTTPError.defaultResponse(.queueFull(limit: 1)).headers["Retry-After"] == "1")
    }

    @Test func jsonEscaping_coversQuotesAndControls() {
        #expect(JSONString.escape("a\"b\\c\n\u{1}") == #"a\"b\\c\n\u0001"#)
    }
}
