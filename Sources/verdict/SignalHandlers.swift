import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// SIGTERM and SIGINT start a graceful shutdown instead of killing the process.
final class SignalHandlers: @unchecked Sendable {
    private var sources: [DispatchSourceSignal] = []

    init(onSignal: @escaping @Sendable (String) -> Void) {
        for (number, name) in [(SIGTERM, "SIGTERM"), (SIGINT, "SIGINT")] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: DispatchQueue(label: "verdict.signals"))
            source.setEventHandler { onSignal(name) }
            source.resume()
            sources.append(source)
        }
    }
}
