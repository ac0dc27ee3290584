import Testing
@testable import VerdictApp

@Suite struct ReportPortalMultipartTests {
    static func body(_ boundary: String, _ parts: [(headers: String, content: String)], newline: String = "\r\n", closing: Bool = true) -> [UInt8] {
        var text = ""
        for part in parts {
            text += "--\(boundary)\(newline)\(part.headers.replacingNewlines(with: newline))\(newline)\(newline)\(part.content)\(newline)"
        }
        if closing { text += "--\(boundary)--\(newline)" }
        return Array(text.utf8)
    }

    @Test func boundary_isReadFromTheContentType_quotedOrNot() {
        #expect(Multipart.boundary(contentType: "multipart/form-data; boundary=0f50178889047d4bc8b5a25d98dd5eda") == "0f50178889047d4bc8b5a25d98dd5eda")
        #expect(Multipart.boundary(contentType: "Multipart/Form-Data; charset=utf-8; boundary=\"a b;c\"") == "a b;c")
        #expect(Multipart.boundary(contentType: "application/json") == nil)
        #expect(Multipart.boundary(contentType: "multipart/form-data") == nil)
    }

    @Test func agentBatch_givesTheJSONPartAndTheFilesInOrder() throws {
        let body = Self.body("B", [
            ("Content-Disposition: form-data; name=\"json_request_part\"\nContent-Type: application/json", "[{\"message\": \"m\"}]"),
            ("Content-Disposition: form-data; name=\"file\"; filename=\"result.json\"\nContent-Type: application/json", "{\"ok\": true}"),
            ("Content-Disposition: form-data; name=\"file\"; filename=\"notes.txt\"\nContent-Type: text/plain", "line 1\r\nline 2\n"),
        ])
        let parts = try Multipart.parse(body, boundary: "B")
        #expect(parts.map(\.name) == ["json_request_part", "file", "file"])
        #expect(parts.map(\.filename) == [nil, "result.json", "notes.txt"])
        #expect(parts.map(\.contentType) == ["application/json", "application/json", "text/plain"])
        #expect(String(decoding: parts[2].body, as: UTF8.self) == "line 1\r\nline 2\n")
    }

    @Test func binaryContent_andAPreamble_andLFLineEnds_areRead() throws {
        var bytes = Array("preamble\r\n".utf8)
        bytes += Array("--X\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\n\r\n".utf8)
        let binary: [UInt8] = [0, 13, 10, 45, 45, 89, 255, 13]
        bytes += binary + Array("\r\n--X--\r\n".utf8)
        let parts = try Multipart.parse(bytes, boundary: "X")
        #expect(Array(parts[0].body) == binary)
        let lf = try Multipart.parse(Self.body("Y", [("Content-Disposition: form-data; name=\"a\"", "x")], newline: "\n"), boundary: "Y")
        #expect(lf.map { String(decoding: $0.body, as: UTF8.self) } == ["x"])
    }

    @Test func missingClosingDelimiter_keepsWhatArrived() throws {
        let parts = try Multipart.parse(Self.body("B", [("Content-Disposition: form-data; name=\"a\"", "x")], closing: false), boundary: "B")
        #expect(parts.count == 1)
    }

    @Test func extendedFilename_isDecoded() throws {
        let body = Self.body("B", [("Content-Disposition: form-data; name=\"file\"; filename=\"fallback.txt\"; filename*=UTF-8''%E2%82%AC%20report.txt", "x")])
        #expect(try Multipart.parse(body, boundary: "B")[0].filename == "€ report.txt")
    }

    @Test func bodyWithoutTheBoundary_isRefused() {
        #expect(throws: MultipartError.missingDelimiter) { try Multipart.parse(Array("no parts here".utf8), boundary: "B") }
        #expect(throws: MultipartError.unterminatedHeaders) { try Multipart.parse(Array("--B\r\nContent-Type: x".utf8), boundary: "B") }
    }

    @Test func attachmentTypes_areServedOnlyWhenInert() {
        #expect(AttachmentTypes.normalize("Text/Plain; Charset=UTF-8") == "text/plain; charset=utf-8")
        #expect(AttachmentTypes.normalize(nil) == "application/octet-stream")
        #expect(AttachmentTypes.normalize("not a type") == "application/octet-stream")
        #expect(AttachmentTypes.served("image/png") == "image/png")
        #expect(AttachmentTypes.served("text/plain") == "text/plain; charset=utf-8")
        #expect(AttachmentTypes.served("text/html") == "application/octet-stream")
        #expect(AttachmentTypes.served("image/svg+xml") == "application/octet-stream")
        #expect(AttachmentTypes.served("application/javascript") == "application/octet-stream")
    }
}

extension String {
    fileprivate func replacingNewlines(with newline: String) -> String {
        split(separator: "\n", omittingEmptySubsequences: false).joined(separator: newline)
    }
}
