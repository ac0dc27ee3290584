import Testing
@testable import HTTPServer

@Suite struct ConnectionTimerTests {
    let limits = Limits.make {
        $0.headerTimeoutMs = 100
        $0.bodyTimeoutMs = 200
        $0.idleTimeoutMs = 300
    }

    func timer(_ phase: ConnectionTimer.Phase, at start: Int64 = 1000) -> ConnectionTimer {
        var timer = ConnectionTimer(now: start)
        timer.enter(phase, now: start)
        return timer
    }

    @Test func halfReceivedHead_gets408AfterHeaderTimeout() {
        let timer = timer(.readingHead)
        #expect(timer.expiry(now: 1099, limits: limits) == nil)
        #expect(timer.expiry(now: 1100, limits: limits) == .respond(.requestTimeout(phase: .header, limitMs: 100)))
    }

    @Test func silentNewConnection_isClosedAfterHeaderTimeoutWithout408() {
        let timer = ConnectionTimer(now: 1000)
        #expect(timer.expiry(now: 1099, limits: limits) == nil)
        #expect(timer.expiry(now: 1100, limits: limits) == .close)
    }

    @Test func idleKeepAliveConnection_isClosedSilentlyAfterIdleTimeout() {
        let timer = timer(.idle)
        #expect(timer.expiry(now: 1299, limits: limits) == nil)
        #expect(timer.expiry(now: 1300, limits: limits) == .close)
    }

    @Test func slowBody_gets408WhenNoByteArrivesWithinBodyTimeout() {
        var timer = timer(.readingBody)
        timer.progress(now: 1150)
        #expect(timer.expiry(now: 1300, limits: limits) == nil)
        #expect(timer.expiry(now: 1350, limits: limits) == .respond(.requestTimeout(phase: .body, limitMs: 200)))
    }

    @Test func progressDoesNotExtendTheHeaderTimeout() {
        var timer = timer(.readingHead)
        timer.progress(now: 1090)
        timer.enter(.readingHead, now: 1095)
        #expect(timer.expiry(now: 1100, limits: limits) != nil)
    }

    @Test func runningHandler_neverTimesOut() {
        #expect(timer(.handling).expiry(now: 1_000_000, limits: limits) == nil)
    }

    @Test func stalledWrite_isClosedAfterBodyTimeout() {
        var timer = timer(.writing)
        timer.progress(now: 1100)
        #expect(timer.expiry(now: 1299, limits: limits) == nil)
        #expect(timer.expiry(now: 1300, limits: limits) == .close)
    }

    @Test func lingeringClose_endsAfterTheLingerTime() {
        let timer = timer(.lingering)
        #expect(timer.expiry(now: 1000 + ConnectionTimer.lingerMs - 1, limits: limits) == nil)
        #expect(timer.expiry(now: 1000 + ConnectionTimer.lingerMs, limits: limits) == .close)
    }

    @Test func changingPhase_restartsTheClock() {
        var timer = timer(.handling)
        timer.enter(.idle, now: 5000)
        #expect(timer.expiry(now: 5299, limits: limits) == nil)
        #expect(timer.expiry(now: 5300, limits: limits) == .close)
    }
}
