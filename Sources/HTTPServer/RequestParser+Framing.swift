extension RequestParser {
    /// Applies RFC 9112 §6.3 (message body length) and the other head-level rules, in an order
    /// that reports framing attacks before anything else about the body.
    static func decideFraming(
        method: String, target: String, version: HTTPVersion, headers: HTTPHeaders, limits: Limits
    ) throws(HTTPError) -> RequestHead {
        // RFC 9112 §3.2: exactly one Host in HTTP/1.1; never more than one.
        let hosts = headers.values("Host").count
        if hosts > 1 { throw .badRequest(.multipleHosts) }
        if hosts == 0 && version == .http11 { throw .badRequest(.missingHost) }

        let framing = try bodyFraming(method: method, version: version, headers: headers, limits: limits)
        var head = RequestHead(
            method: method, target: target, version: version, headers: headers,
            keepAlive: keepAlive(version: version, headers: headers),
            expectsContinue: false, framing: framing, isGzipped: false)
        if head.hasBody {
            head.isGzipped = try isGzipped(headers)
            // RFC 9110 §10.1.1: an HTTP/1.0 request's 100-continue is ignored.
            head.expectsContinue = version == .http11
                && headers.values("Expect").flatMap(listElements).contains { $0.caseInsensitiveEquals("100-continue") }
        }
        return head
    }

    private static func bodyFraming(
        method: String, version: HTTPVersion, headers: HTTPHeaders, limits: Limits
    ) throws(HTTPError) -> RequestHead.BodyFraming {
        let transferCodings = headers.values("Transfer-Encoding").flatMap(listElements)
        let lengths = headers.values("Content-Length")
        if headers.contains("Transfer-Encoding") {
            // RFC 9112 §6.1: Transfer-Encoding in HTTP/1.0 means the framing is faulty.
            if version == .http10 { throw .badRequest(.transferEncodingInHTTP10) }
            // RFC 9112 §6.3 (3): both present is a smuggling attempt; we reject instead of
            // letting Transfer-Encoding win, and close the connection.
            if !lengths.isEmpty { throw .smugglingRejected(.contentLengthWithTransferEncoding) }
            // RFC 9112 §6.3 (4): chunked must be the final coding, else 400.
            guard let last = transferCodings.last, last.caseInsensitiveEquals("chunked") else {
                throw .smugglingRejected(.chunkedNotFinal)
            }
            let others = transferCodings.dropLast()
            // RFC 9112 §6.1: chunked must not be applied more than once.
            if others.contains(where: { $0.caseInsensitiveEquals("chunked") }) {
                throw .smugglingRejected(.repeatedChunked)
            }
            // RFC 9112 §6.1: codings we do not implement get 501.
            if !others.isEmpty { throw .unsupportedTransferEncoding(others.joined(separator: ", ")) }
            return .chunked
        }
        if !lengths.isEmpty {
            let length = try contentLength(lengths)
            if length > limits.maxBodyBytes { throw .bodyTooLarge(limit: limits.maxBodyBytes, declared: length) }
            return .contentLength(length)
        }
        if ["POST", "PUT", "PATCH"].contains(method) { throw .lengthRequired(method: method) }
        return .none
    }

    /// RFC 9112 §6.3 (5): every Content-Length value must be digits and all must agree
    /// (`42, 42` is accepted). A number too large for Int is reported as `Int.max`.
    static func contentLength(_ values: [String]) throws(HTTPError) -> Int {
        var result: Int?
        for value in values {
            let elements = value.split(separator: ",", omittingEmptySubsequences: false)
            for element in elements {
                let digits = element.utf8.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed()
                guard !digits.isEmpty, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
                    throw .badRequest(.invalidContentLength)
                }
                var number = 0
                for digit in digits {
                    let (times, o1) = number.multipliedReportingOverflow(by: 10)
                    let (sum, o2) = times.addingReportingOverflow(Int(digit - 0x30))
                    number = o1 || o2 ? Int.max : sum
                }
                if let result, result != number { throw .smugglingRejected(.conflictingContentLengths) }
                result = number
            }
        }
        return result ?? 0
    }

    /// RFC 9110 §8.4: gzip (or its alias x-gzip) is decoded, identity ignored, others get 415.
    private static func isGzipped(_ headers: HTTPHeaders) throws(HTTPError) -> Bool {
        let codings = headers.values("Content-Encoding").flatMap(listElements)
            .filter { !$0.caseInsensitiveEquals("identity") }
        if codings.isEmpty { return false }
        if codings.count == 1, codings[0].caseInsensitiveEquals("gzip") || codings[0].caseInsensitiveEquals("x-gzip") {
            return true
        }
        throw .unsupportedContentEncoding(codings.joined(separator: ", "))
    }

    /// RFC 9112 §9.3: HTTP/1.1 persists unless `close`; HTTP/1.0 only with `keep-alive`.
    private static func keepAlive(version: HTTPVersion, headers: HTTPHeaders) -> Bool {
        let options = headers.values("Connection").flatMap(listElements)
        if version == .http11 { return !options.contains { $0.caseInsensitiveEquals("close") } }
        return options.contains { $0.caseInsensitiveEquals("keep-alive") }
    }

    /// The non-empty elements of a comma-separated list, trimmed (RFC 9110 §5.6.1).
    static func listElements(_ value: String) -> [String] {
        value.split(separator: ",").map { element in
            String(element.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
        }.filter { !$0.isEmpty }
    }
}
