import Dispatch
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Slow and abusive clients against the real binary: thousands of held connections, slow
/// heads, slow bodies, bodies that never end. Memory and descriptors stay bounded, normal
/// clients are still served, and everything is cleaned up after the timeouts.
@Suite(.serialized) struct AbuseTests {
    static let post = "POST /api/v1/projects/abuse/runs/r/results HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer test-root-token\r\nContent-Type: application/json\r\n"

    /// Open descriptors of the server process.
    static func descriptors(_ server: ServerProcess) -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(server.process.processIdentifier)/fd").count) ?? -1
    }

    @Test func twoThousandHeldConnections_slowHeadsAndEndlessBodies_stayBounded_andNormalClientsAreServed() throws {
        let server = try ServerProcess(arguments: ["--header-timeout", "2s", "--body-timeout", "2s", "--idle-timeout", "3s", "--max-connections", "4096"])
        let api = APIClient(server)
        #expect(try api.get("/healthz").status == 200)
        let baseline = (rss: server.memoryKiB.rss, fds: Self.descriptors(server))

        var held: [RawConnection] = []
        // 1,000 connections that say nothing, 400 with half a head, 300 with a head and half a
        // Content-Length body, 300 with a chunked body that never ends.
        for _ in 0..<1000 { held.append(try RawConnection(port: server.port)) }
        for _ in 0..<400 {
            let c = try RawConnection(port: server.port)
            c.send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            held.append(c)
        }
        for _ in 0..<300 {
            let c = try RawConnection(port: server.port)
            c.send(Self.post + "Content-Length: 100000\r\n\r\n{\"results\": [")
            held.append(c)
        }
        for _ in 0..<300 {
            let c = try RawConnection(port: server.port)
            c.send(Self.post + "Transfer-Encoding: chunked\r\n\r\n400\r\n" + String(repeating: "x", count: 1024) + "\r\n400\r\n")
            held.append(c)
        }
        // The endless bodies keep trickling, and normal clients keep working meanwhile.
        var peak = (rss: 0, fds: 0)
        for round in 0..<6 {
            for c in held.suffix(300) { c.send(String(repeating: "y", count: 100)) }
            let started = Date()
            #expect(try api.get("/healthz").status == 200, "round \(round)")
            #expect(try api.post(project: "abuse", run: "normal", results: [result("t\(round)", "passed")]).status != 503)
            _ = started
            peak = (max(peak.rss, server.memoryKiB.peak), max(peak.fds, Self.descriptors(server)))
            Thread.sleep(forTimeInterval: 0.2)
        }
        #expect(peak.fds >= 2000, "the server did not hold the connections: \(peak.fds) descriptors")
        #expect(peak.fds < baseline.fds + 2000 + 64, "descriptors: \(peak.fds), baseline \(baseline.fds)")
        // A held connection costs a small parser buffer and no thread: far below 100 KiB each.
        #expect(peak.rss < baseline.rss + 200_000, "resident memory peaked at \(peak.rss) KiB, baseline \(baseline.rss) KiB")

        // After the timeouts every abusive connection is answered 408 or closed, and the
        // descriptors come back.
        Thread.sleep(forTimeInterval: 4)
        var closed = 0
        for c in held {
            let text = c.receive()
            if text.isEmpty || RawConnection.status(text) == 408 { closed += 1 }
        }
        #expect(closed == held.count)
        held.removeAll()
        let deadline = Date().addingTimeInterval(10)
        while Self.descriptors(server) > baseline.fds + 16 && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        #expect(Self.descriptors(server) <= baseline.fds + 16)
        #expect(try api.get("/healthz").status == 200)
        let summary = "slow clients: 2000 held connections (1000 silent, 400 slow heads, 300 slow bodies, 300 endless chunked); server peak RSS \(peak.rss / 1024) MiB (baseline \(baseline.rss / 1024) MiB), peak fds \(peak.fds) (baseline \(baseline.fds))"
        print(summary)
        CrashLoopTests.record(summary)
    }

    @Test func connectionsBeyondTheLimit_get503_andTheServerStaysUp() throws {
        let server = try ServerProcess(arguments: ["--max-connections", "50", "--header-timeout", "5s"])
        let held = try (0..<50).map { _ in try RawConnection(port: server.port) }
        let extra = try RawConnection(port: server.port)
        let text = extra.receive(until: "}")
        #expect(RawConnection.status(text) == 503, "\(text.prefix(200))")
        #expect(text.contains("Retry-After: 1"))
        withExtendedLifetime(held) {}
    }
}
