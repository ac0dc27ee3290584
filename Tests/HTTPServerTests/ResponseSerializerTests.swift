import Testing
@testable import HTTPServer

@Suite struct ResponseSerializerTests {
    func wire(_ response: Response, method: String = "GET", keepAlive: Bool = true) -> String {
        String(decoding: ResponseSerializer.serialize(response, method: method, keepAlive: keepAlive, date: "Thu, 01 Jan 1970 00:00:00 GMT"), as: UTF8.self)
    }

    @Test func response_getsLengthDateAndConnection() {
        let text = wire(Response(status: 201, contentType: "application/json", body: Array("{}".utf8)))
        #expect(text == "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
            + "Date: Thu, 01 Jan 1970 00:00:00 GMT\r\nConnection: keep-alive\r\n\r\n{}")
    }

    @Test func head_keepsContentLengthWithoutBody() {
        let text = wire(Response(status: 200, body: Array("hello".utf8)), method: "HEAD")
        #expect(text.contains("Content-Length: 5\r\n"))
        #expect(text.hasSuffix("\r\n\r\n"))
    }

    @Test func headerWithCRLFInValue_isDropped() {
        var response = Response(status: 200)
        response.headers.add("X-Injected", "a\r\nSet-Cookie: evil=1")
        response.headers.add("X-Bad\r\nName", "v")
        response.headers.add("X-Good", "ok")
        let text = wire(response)
        #expect(!text.contains("evil"))
        #expect(!text.contains("X-Injected"))
        #expect(!text.contains("X-Bad"))
        #expect(text.contains("X-Good: ok\r\n"))
    }

    @Test func handlerFramingFields_areReplaced() {
        var response = Response(status: 200, body: Array("abc".utf8))
        response.headers.add("Content-Length", "999")
        response.headers.add("Transfer-Encoding", "chunked")
        response.headers.add("Connection", "keep-alive")
        let text = wire(response, keepAlive: false)
        #expect(text.contains("Content-Length: 3\r\n"))
        #expect(!text.contains("999"))
        #expect(!text.contains("Transfer-Encoding"))
        #expect(text.contains("Connection: close\r\n"))
        #expect(!text.contains("keep-alive"))
    }

    @Test func noContentAndNotModified_haveNoBodyNorLength() {
        for status in [204, 304] {
            let text = wire(Response(status: status, body: Array("x".utf8)))
            #expect(!text.contains("Content-Length"))
            #expect(text.hasSuffix("\r\n\r\n"))
        }
    }

    @Test func dateFormat_isIMFFixdate() {
        #expect(HTTPDate.format(784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
    }
}
