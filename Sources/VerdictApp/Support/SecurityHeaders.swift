import HTTPServer

/// Headers on every answer: the UI may run only its own scripts and styles, nothing may frame
/// it, and no answer is sniffed into another type (an uploaded HTML or SVG stays inert).
enum SecurityHeaders {
    static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    /// The fields every answer carries (embedded static files have them built in).
    static let fields: [(String, String)] = [
        ("Content-Security-Policy", contentSecurityPolicy),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Frame-Options", "DENY"),
    ]

    /// Sets `fields` on a handler's answer. A Content-Security-Policy the handler chose itself
    /// (a stricter one) is kept; the other fields always have our value.
    static func apply(to response: inout Response) {
        for (name, value) in fields {
            if name == "Content-Security-Policy" {
                if !response.headers.contains(name) { response.headers.add(name, value) }
            } else {
                response.headers.set(name, value)
            }
        }
    }
}
