#if canImport(Glibc)
import Glibc
#endif
import HTTPServer

/// One part of a `multipart/form-data` body (RFC 7578): its disposition parameters, type and bytes.
struct MultipartPart: Equatable {
    var name: String?
    var filename: String?
    var contentType: String?
    var body: ArraySlice<UInt8>
}

/// Why a multipart body could not be read.
enum MultipartError: Error, Equatable, CustomStringConvertible {
    case noBoundary
    case missingDelimiter
    case unterminatedHeaders

    var description: String {
        switch self {
        case .noBoundary: return "the Content-Type has no multipart boundary"
        case .missingDelimiter: return "the body does not start with the multipart boundary"
        case .unterminatedHeaders: return "a multipart part's headers do not end"
        }
    }
}

/// A `multipart/form-data` reader over bytes. Lenient where senders differ (a preamble, LF line
/// ends, a missing final `--`), since a log batch should be kept whenever it can be read.
enum Multipart {
    /// The `boundary` parameter of a `multipart/…` content type (RFC 2046 §5.1.1), unquoted.
    static func boundary(contentType: String) -> String? {
        let parameters = HeaderParameters.parse(contentType)
        guard parameters.value.lowercased().hasPrefix("multipart/"),
              let boundary = parameters["boundary"], !boundary.isEmpty, boundary.utf8.count <= 200
        else { return nil }
        return boundary
    }

    static func parse(_ body: [UInt8], boundary: String) throws(MultipartError) -> [MultipartPart] {
        let delimiter = Array("--\(boundary)".utf8)
        let nextDelimiter = Array("\r\n--\(boundary)".utf8)
        guard var position = find(delimiter, in: body, from: 0) else { throw .missingDelimiter }
        position += delimiter.count
        var parts: [MultipartPart] = []
        while position < body.count {
            // "--" after a delimiter closes the body.
            if body.count - position >= 2 && body[position] == 0x2D && body[position + 1] == 0x2D { break }
            while position < body.count && (body[position] == 0x20 || body[position] == 0x09) { position += 1 }
            if position < body.count && body[position] == 0x0D { position += 1 }
            if position < body.count && body[position] == 0x0A { position += 1 }
            guard let (headers, bodyStart) = readHeaders(body, from: position) else { throw .unterminatedHeaders }
            let end = find(nextDelimiter, in: body, from: bodyStart) ?? find(Array(nextDelimiter.dropFirst()), in: body, from: bodyStart)
            var part = MultipartPart(body: body[bodyStart..<(end ?? body.count)])
            for (name, value) in headers {
                switch name.lowercased() {
                case "content-disposition":
                    let disposition = HeaderParameters.parse(value)
                    part.name = disposition["name"]
                    part.filename = disposition["filename*"].flatMap(HeaderParameters.decodeExtended) ?? disposition["filename"]
                case "content-type":
                    part.contentType = value
                default:
                    break
                }
            }
            parts.append(part)
            guard let end else { break }
            position = end + (body[end] == 0x0D ? nextDelimiter.count : nextDelimiter.count - 1)
        }
        return parts
    }

    /// Header lines up to the empty line; returns them and where the part's content starts.
    private static func readHeaders(_ body: [UInt8], from start: Int) -> ([(String, String)], Int)? {
        var headers: [(String, String)] = []
        var lineStart = start
        while lineStart <= body.count {
            guard let newline = body[lineStart...].firstIndex(of: 0x0A) else { return nil }
            var lineEnd = newline
            if lineEnd > lineStart && body[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            if lineEnd == lineStart { return (headers, newline + 1) }
            let line = String(decoding: body[lineStart..<lineEnd], as: UTF8.self)
            if let colon = line.firstIndex(of: ":") {
                headers.append((String(line[..<colon]).trimmingSpaces(), String(line[line.index(after: colon)...]).trimmingSpaces()))
            }
            lineStart = newline + 1
        }
        return nil
    }

    /// The offset of `needle` in `haystack` at or after `from`: memchr to each candidate first
    /// byte, memcmp for the rest (bodies reach 64 MB, so no byte-by-byte Swift loop).
    static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, from >= 0, haystack.count - from >= needle.count else { return nil }
        return haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { pin in
                let base = hay.baseAddress!
                let last = hay.count - pin.count
                var i = from
                while i <= last {
                    guard let hit = memchr(base + i, Int32(pin[0]), last - i + 1) else { return nil }
                    i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if memcmp(base + i, pin.baseAddress!, pin.count) == 0 { return i }
                    i += 1
                }
                return nil
            }
        }
    }
}

/// A header value with `;`-separated parameters: `form-data; name="file"; filename="a.txt"`.
struct HeaderParameters {
    var value: String
    var parameters: [String: String]

    subscript(name: String) -> String? { parameters[name.lowercased()] }

    /// Splits on `;` outside quotes; quoted values lose their quotes and backslash escapes.
    static func parse(_ header: String) -> HeaderParameters {
        var pieces: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        for c in header {
            if escaped {
                current.append(c)
                escaped = false
            } else if quoted && c == "\\" {
                escaped = true
            } else if c == "\"" {
                quoted.toggle()
                current.append(c)
            } else if c == ";" && !quoted {
                pieces.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        pieces.append(current)
        var parameters: [String: String] = [:]
        for piece in pieces.dropFirst() {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            let name = String(piece[..<equals]).trimmingSpaces().lowercased()
            var value = String(piece[piece.index(after: equals)...]).trimmingSpaces()
            if value.count >= 2 && value.hasPrefix("\"") && value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            if parameters[name] == nil { parameters[name] = value }
        }
        return HeaderParameters(value: pieces[0].trimmingSpaces(), parameters: parameters)
    }

    /// RFC 8187 `UTF-8''%E2%82%AC.txt` → `€.txt`.
    static func decodeExtended(_ value: String) -> String? {
        let parts = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].lowercased() == "utf-8" else { return nil }
        return PercentDecoding.decode(String(parts[2]))
    }
}
