import HTTPServer
import Reports
#if canImport(Glibc)
import Glibc
#endif

/// One request as `verdict push` sends it: the same bytes, headers included, on every attempt.
struct PushRequest: Sendable {
    var method: String
    var target: String
    var headers: HTTPHeaders
    var body: [UInt8]
}

/// Sends a request over the wire; `HTTPPushTransport` in the binary.
protocol PushTransport {
    func send(_ request: PushRequest, timeoutMs: Int) throws -> ClientResponse
}

/// `HTTPClient` on one keep-alive connection.
final class HTTPPushTransport: PushTransport {
    private let client: HTTPClient

    init(host: String, port: Int) { client = HTTPClient(host: host, port: port) }

    func send(_ request: PushRequest, timeoutMs: Int) throws -> ClientResponse {
        client.timeoutMs = timeoutMs
        do {
            // A large body waits for `100 Continue`, so a 413 or 401 arrives before megabytes are
            // sent into a connection the server is about to close.
            return try client.send(request.method, request.target, headers: request.headers, body: request.body,
                                   expectContinue: request.body.count >= 64 * 1024)
        } catch {
            // Whatever state the connection is in, the next attempt starts afresh.
            client.close()
            throw error
        }
    }
}

/// Sends requests with retries: transient failures (connection refused or reset, timeouts, 408,
/// 429, 500, 502, 503, 504) are retried under `policy`; other answers are final. Safe because
/// every request push sends is idempotent: a PUT, or a POST with an `Idempotency-Key`.
struct PushSender {
    var transport: PushTransport
    var policy: PushRetryPolicy
    var clock: PushClock
    /// Progress lines (retries) for standard error.
    var log: (String) -> Void

    /// The first answer that is not transient, if it is a success (2xx).
    func send(_ request: PushRequest, subject: String) throws(PushFailure) -> ClientResponse {
        let start = clock.monotonicMs()
        var attempt = 1
        while true {
            let remaining = policy.timeoutMs - (clock.monotonicMs() - start)
            let outcome: Outcome
            do {
                outcome = Self.classify(try transport.send(request, timeoutMs: Int(max(1000, min(remaining, 300_000)))), nowEpochMs: clock.epochMs())
            } catch {
                outcome = Self.classify(error)
            }
            switch outcome {
            case .answered(let response):
                return response
            case .failed(let failure):
                throw failure
            case .transient(let reason, let retryAfterMs):
                let elapsed = clock.monotonicMs() - start
                guard attempt <= policy.retries else {
                    throw .gaveUp(attempts: attempt, elapsedMs: elapsed, last: reason)
                }
                let delay = policy.delayMs(retry: attempt, retryAfterMs: retryAfterMs, random: clock.random())
                guard elapsed + delay < policy.timeoutMs else {
                    let why = retryAfterMs != nil ? "\(reason), and the server asked to wait \(PushRetryPolicy.format(ms: retryAfterMs!))" : reason
                    throw .gaveUp(attempts: attempt, elapsedMs: elapsed, last: "\(why) (--timeout \(PushRetryPolicy.format(ms: policy.timeoutMs)) reached)")
                }
                log("\(subject): \(reason); retrying in \(PushRetryPolicy.format(ms: delay)) (attempt \(attempt + 1) of \(policy.retries + 1))")
                clock.sleep(ms: delay)
                attempt += 1
            }
        }
    }

    /// What one attempt came to.
    enum Outcome {
        case answered(ClientResponse)
        case transient(String, retryAfterMs: Int64?)
        case failed(PushFailure)
    }

    /// Statuses worth another try: the server is busy, restarting or behind a proxy that is.
    static let transientStatuses: Set<Int> = [408, 429, 500, 502, 503, 504]

    static func classify(_ response: ClientResponse, nowEpochMs: Int64) -> Outcome {
        if (200..<300).contains(response.status) { return .answered(response) }
        let (code, message) = errorDetails(response)
        if transientStatuses.contains(response.status) {
            let retryAfter = PushRetryPolicy.retryAfterMs(response.headers["Retry-After"], nowEpochMs: nowEpochMs)
            return .transient("the server answered \(response.status)\(code.map { " \($0)" } ?? "")", retryAfterMs: retryAfter)
        }
        return .failed(.rejected(status: response.status, code: code, message: message))
    }

    /// Socket failures are transient (the server is starting, restarting or overloaded); a host
    /// name that does not resolve is not, unless the resolver itself is failing for now.
    static func classify(_ error: Error) -> Outcome {
        switch error {
        case let error as SystemError:
            return .transient(error.description, retryAfterMs: nil)
        case HTTPClientError.connectionClosed:
            return .transient("the server closed the connection before answering", retryAfterMs: nil)
        case let error as HostResolutionError:
            if error.reason == String(cString: gai_strerror(EAI_AGAIN)) { return .transient(error.description, retryAfterMs: nil) }
            return .failed(.unreachable("cannot resolve the server's host: \(error.description)"))
        case let error as HTTPClientError:
            return .failed(.unreachable("the server did not answer in HTTP/1.1 (\(error.description)); is --server a Verdict server's http:// address?"))
        default:
            return .failed(.unreachable("\(error)"))
        }
    }

    /// The `{"error": {"code", "message"}}` envelope, or the body's text when it is not one.
    static func errorDetails(_ response: ClientResponse) -> (code: String?, message: String) {
        if let json = try? JSONParser.parse(response.body), let error = json["error"] {
            return (error["code"]?.string, error["message"]?.string ?? "")
        }
        let text = response.text.trimmingSpaces()
        return (nil, text.isEmpty ? "(no message)" : String(text.prefix(500)))
    }
}
