/// A response's status line and header fields.
struct ResponseHead {
    var version: String
    var status: Int
    var headers: HTTPHeaders
}

extension HTTPClient {
    /// Longest response head the client accepts.
    static let maxResponseHeadBytes = 64 * 1024

    /// Reads and consumes one response head.
    func readHead() throws -> ResponseHead {
        var searchFrom = 0
        while true {
            if let end = findHeadEnd(from: searchFrom) {
                let head = try parseHead(buffer[0..<end])
                buffer.removeFirst(end)
                return head
            }
            searchFrom = max(0, buffer.count - 3)
            if buffer.count > Self.maxResponseHeadBytes { throw HTTPClientError.malformedResponse("head too large") }
            try fill()
        }
    }

    private func findHeadEnd(from: Int) -> Int? {
        guard buffer.count >= 4 else { return nil }
        var i = from
        while i + 3 < buffer.count {
            if buffer[i] == .cr && buffer[i + 1] == .lf && buffer[i + 2] == .cr && buffer[i + 3] == .lf { return i + 4 }
            i += 1
        }
        return nil
    }

    private func parseHead(_ bytes: ArraySlice<UInt8>) throws -> ResponseHead {
        let text = String(decoding: bytes, as: UTF8.self)
        var lines = text.split(separator: "\r\n", omittingEmptySubsequences: true).map(String.init)
        guard !lines.isEmpty else { throw HTTPClientError.malformedResponse("empty head") }
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]) else {
            throw HTTPClientError.malformedResponse("status line \(statusLine)")
        }
        var headers = HTTPHeaders()
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { throw HTTPClientError.malformedResponse("field \(line)") }
            let value = line[line.index(after: colon)...].trimmingWhitespace()
            headers.add(String(line[..<colon]), value)
        }
        return ResponseHead(version: String(parts[0]), status: status, headers: headers)
    }

    /// RFC 9112 §6.3 from the client's side: no body for HEAD, 1xx, 204, 304; then chunked,
    /// Content-Length, or everything until the server closes.
    func readBody(_ head: ResponseHead, method: String) throws -> [UInt8] {
        if method == "HEAD" || head.status < 200 || head.status == 204 || head.status == 304 { return [] }
        let codings = head.headers.values("Transfer-Encoding").flatMap(RequestParser.listElements)
        if codings.last.map({ $0.caseInsensitiveEquals("chunked") }) == true { return try readChunked() }
        if let length = head.headers["Content-Length"] {
            guard let count = Int(length), count >= 0 else { throw HTTPClientError.malformedResponse("Content-Length \(length)") }
            return try readExactly(count)
        }
        while true {
            do { try fill() } catch HTTPClientError.connectionClosed { break }
        }
        defer { buffer.removeAll() }
        return buffer
    }

    private func readExactly(_ count: Int) throws -> [UInt8] {
        while buffer.count < count { try fill() }
        let bytes = Array(buffer[0..<count])
        buffer.removeFirst(count)
        return bytes
    }

    private func readLine() throws -> String {
        while true {
            if let lf = buffer.firstIndex(of: .lf) {
                let line = String(decoding: buffer[0..<lf], as: UTF8.self)
                buffer.removeFirst(lf + 1)
                return line.hasSuffix("\r") ? String(line.dropLast()) : line
            }
            if buffer.count > Self.maxResponseHeadBytes { throw HTTPClientError.malformedResponse("line too long") }
            try fill()
        }
    }

    private func readChunked() throws -> [UInt8] {
        var body: [UInt8] = []
        while true {
            let line = try readLine()
            let digits = line.prefix { $0.isHexDigit }
            guard !digits.isEmpty, digits.count <= 15, let size = Int(digits, radix: 16) else {
                throw HTTPClientError.malformedResponse("chunk size \(line)")
            }
            if size == 0 { break }
            body += try readExactly(size)
            guard try readLine().isEmpty else { throw HTTPClientError.malformedResponse("chunk framing") }
        }
        while !(try readLine()).isEmpty {}
        return body
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs (OWS, RFC 9110 §5.6.3).
    func trimmingWhitespace() -> String {
        guard let first = firstIndex(where: { $0 != " " && $0 != "\t" }),
              let last = lastIndex(where: { $0 != " " && $0 != "\t" })
        else { return "" }
        return String(self[first...last])
    }
}
