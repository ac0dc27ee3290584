/// Content types of attachments: kept as the client sent them, served only when harmless.
enum AttachmentTypes {
    /// `Text/Plain; charset=UTF-8` → `text/plain; charset=utf-8`; a missing or unparseable type
    /// is `application/octet-stream`, as the agent itself defaults.
    static func normalize(_ contentType: String?) -> String {
        guard let contentType else { return "application/octet-stream" }
        let parameters = HeaderParameters.parse(contentType)
        let type = parameters.value.lowercased()
        let parts = type.split(separator: "/")
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(isTokenCharacter) }), type.utf8.count <= 127 else {
            return "application/octet-stream"
        }
        if let charset = parameters["charset"]?.lowercased(), charset.allSatisfy(isTokenCharacter), !charset.isEmpty {
            return "\(type); charset=\(charset)"
        }
        return type
    }

    /// Types a browser shows without running anything. Everything else — HTML, SVG, XML,
    /// JavaScript, unknown types — is served as `application/octet-stream`, so a user's file
    /// can never run script in the server's origin (with `nosniff` and `attachment` besides).
    static let inert: Set<String> = [
        "text/plain", "text/csv", "application/json", "application/pdf", "application/zip", "application/gzip",
        "application/x-gzip", "application/x-tar", "application/octet-stream",
        "image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp",
        "video/mp4", "video/webm", "audio/mpeg", "audio/ogg", "audio/wav",
    ]

    /// The type to serve a stored attachment with.
    static func served(_ stored: String) -> String {
        let type = String(stored.split(separator: ";").first ?? "").trimmingSpaces().lowercased()
        guard inert.contains(type) else { return "application/octet-stream" }
        if type.hasPrefix("text/") || type == "application/json" {
            return stored.contains("charset=") ? stored : "\(type); charset=utf-8"
        }
        return type
    }

    private static func isTokenCharacter(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || "!#$&-^_.+".contains(c))
    }
}
