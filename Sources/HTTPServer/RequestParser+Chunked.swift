extension RequestParser {
    /// Longest chunk-size line we wait for; real extensions are a few bytes.
    static let maxChunkLineBytes = 4096

    /// The next buffered line without its CRLF, consumed; nil when the line is incomplete.
    private mutating func takeLine(limit: Int, tooLong: HTTPError) throws(HTTPError) -> ArraySlice<UInt8>? {
        let end = Swift.min(buffer.count, start + limit + 2)
        // Resume where the last look stopped: a line arriving byte by byte costs O(n), not O(n²)
        // (found by the fuzzer's byte-by-byte replay; a slow trailer could cost 16 KiB² compares).
        let from = Swift.min(start + scanned, end)
        guard let lf = buffer[from..<end].firstIndex(of: .lf) else {
            if end - start >= limit + 2 { throw tooLong }
            scanned = end - start
            return nil
        }
        scanned = 0
        guard lf > start, buffer[lf - 1] == .cr else { throw .badRequest(.bareLineFeed) }
        let line = buffer[start..<(lf - 1)]
        start = lf + 1
        return line
    }

    /// RFC 9112 §7.1: `chunk-size [ chunk-ext ] CRLF` with `chunk-size = 1*HEXDIG`.
    /// No sign, no `0x`, no leading whitespace; extensions are tolerated and ignored.
    mutating func parseChunkSize() throws(HTTPError) -> Int? {
        guard let line = try takeLine(limit: Self.maxChunkLineBytes, tooLong: .badRequest(.invalidChunkSize)) else {
            return nil
        }
        var size = 0
        var significantDigits = 0
        var index = line.startIndex
        while index < line.endIndex, let digit = line[index].hexValue {
            if significantDigits > 0 || digit > 0 { significantDigits += 1 }
            // 15 hex digits always fit in Int; more would overflow (or be absurd anyway).
            if significantDigits > 15 { throw .badRequest(.chunkSizeOverflow) }
            size = size << 4 | digit
            index += 1
        }
        guard index > line.startIndex else { throw .badRequest(.invalidChunkSize) }
        let rest = line[index...]
        let extensions = rest.drop { $0.isWhitespace }
        if !extensions.isEmpty {
            // chunk-ext = *( BWS ";" BWS ext-name [ BWS "=" BWS ext-val ] ): start with ";",
            // contain no control characters.
            guard extensions.first == UInt8(ascii: ";"),
                  extensions.allSatisfy({ $0 == .htab || ($0 >= 0x20 && $0 != 0x7F) })
            else { throw .badRequest(.invalidChunkSize) }
        } else if !rest.isEmpty {
            throw .badRequest(.invalidChunkSize)
        }
        return size
    }

    /// RFC 9112 §7.1.2: trailer fields are read (within the header limits) and dropped.
    /// True when the final empty line was consumed, false after a field, nil when incomplete.
    mutating func skipTrailerLine() throws(HTTPError) -> Bool? {
        let tooLarge = HTTPError.headerTooLarge(limit: limits.maxHeaderBytes)
        let remaining = Swift.max(0, limits.maxHeaderBytes - trailerBytesSeen)
        guard let line = try takeLine(limit: remaining, tooLong: tooLarge) else { return nil }
        if line.isEmpty { return true }
        trailerBytesSeen += line.count + 2
        trailerFieldsSeen += 1
        if trailerFieldsSeen > limits.maxHeaderCount { throw .tooManyHeaders(limit: limits.maxHeaderCount) }
        do {
            _ = try RequestParser.parseField(line)
        } catch {
            throw .badRequest(.invalidTrailer)
        }
        return false
    }
}
