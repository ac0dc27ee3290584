extension RequestParser {
    /// Finds the end of the request head (the empty line), checking line endings and the size
    /// limit as bytes arrive; returns the index just past the empty line.
    mutating func scanHead() throws(HTTPError) -> Int? {
        var i = start + scanned
        while i < buffer.count {
            let byte = buffer[i]
            if byte == .lf {
                // RFC 9112 §2.2: we require CRLF; a bare LF is rejected, not guessed at.
                guard i > start + lineStart, buffer[i - 1] == .cr else { throw .badRequest(.bareLineFeed) }
                if i - 1 == start + lineStart {
                    if lineStart == 0 {
                        // RFC 9112 §2.2: ignore empty lines received before the request-line.
                        start = i + 1
                        lineStart = 0
                        scanned = 0
                        i = start
                        continue
                    }
                    return i + 1
                }
                lineStart = i + 1 - start
            } else if byte == .cr {
                // Leave a trailing CR unscanned so its successor is checked when it arrives.
                guard i + 1 < buffer.count else { break }
                guard buffer[i + 1] == .lf else { throw .badRequest(.bareCarriageReturn) }
            }
            i += 1
            if i - start > limits.maxHeaderBytes { throw .headerTooLarge(limit: limits.maxHeaderBytes) }
        }
        scanned = i - start
        return nil
    }

    /// Parses a complete head (request line, fields, the empty line) and decides the framing.
    static func parseHead(_ bytes: ArraySlice<UInt8>, limits: Limits) throws(HTTPError) -> RequestHead {
        var lines: [ArraySlice<UInt8>] = []
        var lineStart = bytes.startIndex
        var i = bytes.startIndex
        while i < bytes.endIndex {
            if bytes[i] == .lf {
                lines.append(bytes[lineStart..<(i - 1)])
                lineStart = i + 1
            }
            i += 1
        }
        lines.removeLast()  // the empty line that ends the head
        let (method, target, version) = try parseRequestLine(lines[0])
        if lines.count - 1 > limits.maxHeaderCount { throw .tooManyHeaders(limit: limits.maxHeaderCount) }
        var headers = HTTPHeaders()
        for line in lines.dropFirst() {
            let (name, value) = try parseField(line)
            headers.add(name, value)
        }
        return try decideFraming(method: method, target: target, version: version, headers: headers, limits: limits)
    }

    /// RFC 9112 §3: `method SP request-target SP HTTP-version`, exactly one space each.
    static func parseRequestLine(_ line: ArraySlice<UInt8>) throws(HTTPError) -> (String, String, HTTPVersion) {
        let parts = line.split(separator: .sp, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[1].isEmpty else { throw .badRequest(.invalidRequestLine) }
        guard !parts[0].isEmpty, parts[0].allSatisfy(\.isTokenChar) else { throw .badRequest(.invalidMethod) }
        let method = String(decoding: parts[0], as: UTF8.self)
        let version = try parseVersion(parts[2])
        let target = try originForm(parts[1], method: method)
        return (method, target, version)
    }

    static func parseVersion(_ bytes: ArraySlice<UInt8>) throws(HTTPError) -> HTTPVersion {
        let text = String(decoding: bytes, as: UTF8.self)
        let digits = Array(bytes.dropFirst(5))
        guard text.hasPrefix("HTTP/"), digits.count == 3, digits[1] == UInt8(ascii: "."),
              let major = digits[0].hexValue, major < 10, let minor = digits[2].hexValue, minor < 10
        else { throw .badRequest(.invalidRequestLine) }
        let version = HTTPVersion(major: major, minor: minor)
        guard version == .http11 || version == .http10 else { throw .unsupportedVersion(text) }
        return version
    }

    /// RFC 9112 §3.2: origin-form as is, absolute-form reduced to path and query, `*` only for
    /// OPTIONS. Only visible ASCII is allowed in a target (RFC 3986 §2).
    static func originForm(_ bytes: ArraySlice<UInt8>, method: String) throws(HTTPError) -> String {
        guard bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { throw .badRequest(.invalidTarget) }
        let text = String(decoding: bytes, as: UTF8.self)
        if text.hasPrefix("/") { return text }
        if text == "*" && method == "OPTIONS" { return text }
        for scheme in ["http://", "https://"] where text.lowercased().hasPrefix(scheme) {
            let rest = text.dropFirst(scheme.count)
            guard let pathStart = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) else { return "/" }
            let path = String(rest[pathStart...])
            return path.hasPrefix("?") ? "/" + path : path
        }
        throw .badRequest(.invalidTarget)
    }

    /// RFC 9112 §5: `field-name ":" OWS field-value OWS`.
    static func parseField(_ line: ArraySlice<UInt8>) throws(HTTPError) -> (String, String) {
        guard let first = line.first else { throw .badRequest(.invalidHeaderName) }
        // RFC 9112 §5.2: obs-fold may be rejected with 400.
        if first.isWhitespace { throw .badRequest(.obsoleteLineFolding) }
        guard let colon = line.firstIndex(of: .colon) else { throw .badRequest(.invalidHeaderName) }
        let name = line[line.startIndex..<colon]
        // RFC 9112 §5.1: whitespace between name and colon MUST be rejected with 400.
        if let last = name.last, last.isWhitespace { throw .badRequest(.whitespaceBeforeColon) }
        guard !name.isEmpty, name.allSatisfy(\.isTokenChar) else { throw .badRequest(.invalidHeaderName) }
        var value = line[(colon + 1)...]
        while let b = value.first, b.isWhitespace { value.removeFirst() }
        while let b = value.last, b.isWhitespace { value.removeLast() }
        // RFC 9110 §5.5: CR, LF and NUL are invalid; we reject every control but HTAB.
        guard value.allSatisfy({ $0 == .htab || ($0 >= 0x20 && $0 != 0x7F) }) else {
            throw .badRequest(.invalidHeaderValue)
        }
        return (String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
    }
}
