import Glibc
@testable import HTTPServer
import Testing
@testable import verdict

/// The retry loop with an injected clock and transport: every wait is recorded, none is slept.
@Suite struct PushSenderTests {
    @Test func twoBusyAnswers_thenSuccess_sendTheSameRequestThreeTimes() throws {
        let transport = ScriptedTransport([.status(503, retryAfter: "0"), .status(503, retryAfter: "0"), .status(201)])
        let clock = ManualClock()

        let response = try sender(transport, clock).send(.make(), subject: "r.xml")

        #expect(response.status == 201)
        #expect(transport.sent.count == 3)
        #expect(Set(transport.sent.map { $0.headers["Idempotency-Key"] }).count == 1)
        #expect(clock.sleeps == [0, 0])
    }

    @Test func withoutRetryAfter_waitsDoubleWithEqualJitter() throws {
        let transport = ScriptedTransport(Array(repeating: .refused, count: 4) + [.status(200)])
        let clock = ManualClock(random: 0.5)
        var policy = PushRetryPolicy()
        policy.initialDelayMs = 1000

        _ = try sender(transport, clock, policy: policy).send(.make(), subject: "r.xml")

        // Half of the nominal delay plus half of the other half.
        #expect(clock.sleeps == [750, 1500, 3000, 6000])
    }

    @Test func delays_areCappedAtTheMaximum() {
        let policy = PushRetryPolicy()
        #expect(policy.delayMs(retry: 20, retryAfterMs: nil, random: 0.999) <= policy.maxDelayMs)
        #expect(policy.delayMs(retry: 20, retryAfterMs: nil, random: 0) == policy.maxDelayMs / 2)
        #expect(policy.delayMs(retry: 1, retryAfterMs: 2000, random: 0) == 2000)
        #expect(policy.delayMs(retry: 1, retryAfterMs: 2000, random: 0.5) == 2200)
    }

    @Test func retryAfter_dateIsAWait() {
        let now: Int64 = 1_445_412_480_000  // Wed, 21 Oct 2015 07:28:00 GMT
        #expect(PushRetryPolicy.retryAfterMs("Wed, 21 Oct 2015 07:28:30 GMT", nowEpochMs: now) == 30_000)
        #expect(PushRetryPolicy.retryAfterMs("Wed, 21 Oct 2015 07:27:00 GMT", nowEpochMs: now) == 0)
        #expect(PushRetryPolicy.retryAfterMs(" 7 ", nowEpochMs: now) == 7000)
        #expect(PushRetryPolicy.retryAfterMs("soon", nowEpochMs: now) == nil)
    }

    @Test func attempts_areBoundedByRetries() {
        let transport = ScriptedTransport(Array(repeating: .status(503), count: 10))
        var policy = PushRetryPolicy()
        policy.retries = 3

        #expect(throws: PushFailure.gaveUp(attempts: 4, elapsedMs: 1750, last: "the server answered 503")) {
            try sender(transport, ManualClock(random: 0), policy: policy).send(.make(), subject: "r.xml")
        }
        #expect(transport.sent.count == 4)
    }

    @Test func attempts_areBoundedByTime_andNoWaitEndsPastIt() throws {
        let transport = ScriptedTransport(Array(repeating: .refused, count: 100))
        let clock = ManualClock(random: 0)
        var policy = PushRetryPolicy()
        policy.timeoutMs = 10_000

        #expect(throws: PushFailure.self) { try sender(transport, clock, policy: policy).send(.make(), subject: "r.xml") }
        // 250 + 500 + 1000 + 2000 + 4000 = 7750; the next wait (8000) would end past 10 s.
        #expect(clock.sleeps == [250, 500, 1000, 2000, 4000])
        #expect(clock.now < 10_000)
    }

    @Test func permanentAnswers_areNotRetried() {
        for status in [400, 401, 403, 404, 413, 415, 422, 507] {
            let transport = ScriptedTransport([.status(status), .status(201)])
            #expect(throws: PushFailure.self) { try sender(transport, ManualClock()).send(.make(), subject: "r.xml") }
            #expect(transport.sent.count == 1, "status \(status)")
        }
    }

    @Test func transientAnswersAndSocketErrors_areRetried() throws {
        for step in [ScriptedTransport.Step.status(408), .status(429), .status(500), .status(502), .status(503), .status(504), .refused, .reset, .closed] {
            let transport = ScriptedTransport([step, .status(200)])
            _ = try sender(transport, ManualClock()).send(.make(), subject: "r.xml")
            #expect(transport.sent.count == 2, "\(step)")
        }
    }

    @Test func errorEnvelope_isQuoted() {
        let transport = ScriptedTransport([.status(400, body: #"{"error": {"code": "invalid_xml", "message": "line 3, column 13: bad"}}"#)])
        #expect(throws: PushFailure.rejected(status: 400, code: "invalid_xml", message: "line 3, column 13: bad")) {
            try sender(transport, ManualClock()).send(.make(), subject: "r.xml")
        }
    }

    private func sender(_ transport: ScriptedTransport, _ clock: ManualClock, policy: PushRetryPolicy = PushRetryPolicy()) -> PushSender {
        PushSender(transport: transport, policy: policy, clock: clock, log: { _ in })
    }
}

/// Time that moves only when the code under test sleeps.
final class ManualClock: PushClock, @unchecked Sendable {
    private(set) var now: Int64 = 0
    private(set) var sleeps: [Int64] = []
    let fixedRandom: Double

    init(random: Double = 0) { fixedRandom = random }

    func monotonicMs() -> Int64 { now }
    func epochMs() -> Int64 { 1_700_000_000_000 + now }
    func sleep(ms: Int64) {
        sleeps.append(ms)
        now += ms
    }
    func random() -> Double { fixedRandom }
}

/// A transport that answers from a script and records what it was asked to send.
final class ScriptedTransport: PushTransport {
    enum Step {
        case status(Int, retryAfter: String? = nil, body: String = "{}")
        case refused, reset, closed
    }

    private var steps: [Step]
    private(set) var sent: [PushRequest] = []

    init(_ steps: [Step]) { self.steps = steps }

    func send(_ request: PushRequest, timeoutMs: Int) throws -> ClientResponse {
        sent.append(request)
        switch steps.removeFirst() {
        case .status(let status, let retryAfter, let body):
            var headers = HTTPHeaders()
            if let retryAfter { headers.add("Retry-After", retryAfter) }
            return ClientResponse(status: status, headers: headers, body: Array(body.utf8))
        case .refused: throw SystemError(call: "connect", errno: ECONNREFUSED)
        case .reset: throw SystemError(call: "recv", errno: ECONNRESET)
        case .closed: throw HTTPClientError.connectionClosed
        }
    }
}

extension PushRequest {
    static func make(target: String = "/api/v1/projects/p/runs/r/junit") -> PushRequest {
        PushRequest(method: "POST", target: target, headers: HTTPHeaders([("Idempotency-Key", "push1-abc")]), body: Array("<testsuite/>".utf8))
    }
}
