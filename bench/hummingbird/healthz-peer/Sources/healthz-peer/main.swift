import CSQLite
import Glibc
import HTTPTypes
import Hummingbird
import NIOCore

// `healthz-peer --port N --db PATH`: answers `GET /healthz` byte for byte as Verdict does —
// the same body, Content-Type and security headers, after the same database check (the database
// size read on a pooled read connection inside a read transaction) — so `make bench` compares
// the two HTTP stacks doing the same work. Prints `listening on 127.0.0.1:PORT` once it accepts.

var port = 0
var databasePath = ":memory:"
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--port": port = Int(arguments.next() ?? "") ?? 0
    case "--db": databasePath = arguments.next() ?? databasePath
    default: fatalError("usage: healthz-peer [--port N] [--db PATH]")
    }
}

let pool = ReaderPool(path: databasePath)
let router = Router()
router.addMiddleware { SecurityHeaders() }
router.get("healthz") { _, _ -> Response in
    _ = try pool.databaseBytes()
    return Response(
        status: .ok,
        headers: [.contentType: "application/json; charset=utf-8"],
        body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#))
    )
}
let app = Application(
    router: router,
    configuration: .init(address: .hostname("127.0.0.1", port: port)),
    onServerRunning: { channel in
        // Unbuffered, so whoever waits for the line sees it at once.
        let line = "listening on 127.0.0.1:\(channel.localAddress?.port ?? 0)\n"
        _ = line.withCString { write(STDOUT_FILENO, $0, strlen($0)) }
    }
)
try await app.runService()

/// Verdict's `SecurityHeaders`, on every answer.
struct SecurityHeaders<Context: RequestContext>: RouterMiddleware {
    static var policy: String {
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[HTTPField.Name("Content-Security-Policy")!] = Self.policy
        response.headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        return response
    }
}
