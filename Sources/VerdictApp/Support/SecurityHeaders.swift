import HTTPServer

/// Headers on every answer: the UI may run only its own scripts and styles, nothing may frame
/// it, and no answer is sniffed into another type (an uploaded HTML or SVG stays inert).
enum SecurityHeaders {
    static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    /// The fields, for answers built ahead of time (embedded static files).
    static let fields: [(String, String)] = [
        ("Content-Security-Policy", contentSecurityPolicy),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Frame-Options", "DENY"),
    ]

    static func apply(to response: inout Response) {
        if !response.headers.contains("Content-Security-Policy") { response.headers.add("Content-Security-Policy", contentSecurityPolicy) }
        response.headers.set("X-Content-Type-Options", "nosniff")
        response.headers.set("Referrer-Policy", "no-referrer")
        response.headers.set("X-Frame-Options", "DENY")
    }
}
