import Dispatch
import Store
import VerdictApp

/// `serve --retain-days N`: prunes runs older than N days at start and then every hour.
final class Retention: @unchecked Sendable {
    private let timer: DispatchSourceTimer

    init(store: Store, days: Double, intervalMs: Int = 3_600_000) {
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "verdict.retention", qos: .utility))
        timer.schedule(deadline: .now() + .seconds(5), repeating: .milliseconds(intervalMs))
        timer.setEventHandler {
            let now = SystemClock().nowMs()
            do {
                let report = try store.prune(createdBefore: now - Int64(days * 86_400_000), now: now)
                if report.runsDeleted > 0 {
                    FileHandle.standardErrorWrite("retention: pruned \(report.runsDeleted) runs older than \(days) days (\(report.rowsDeleted) rows, \(report.pagesReclaimed) pages reclaimed)\n")
                }
            } catch {
                FileHandle.standardErrorWrite("retention: prune failed: \(error)\n")
            }
        }
        timer.resume()
    }

    func stop() { timer.cancel() }
}
