import Dispatch
import VerdictApp

/// Runs the app's periodic housekeeping (finishing idle runs, expiring idempotency keys).
final class Sweeper: @unchecked Sendable {
    private let timer: DispatchSourceTimer

    init(app: App, intervalMs: Int64) {
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "verdict.sweeper"))
        timer.schedule(deadline: .now() + .milliseconds(Int(intervalMs)), repeating: .milliseconds(Int(intervalMs)))
        timer.setEventHandler {
            do { try app.sweep() } catch { FileHandle.standardErrorWrite("housekeeping failed: \(error)\n") }
        }
        timer.resume()
    }

    func stop() { timer.cancel() }
}
