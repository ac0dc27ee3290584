import ArgumentParser

/// A duration flag: `500ms`, `30s`, `5m`, `2h`, `7d`, or a bare number of seconds.
struct DurationFlag: ExpressibleByArgument, Sendable {
    let milliseconds: Int64

    init(milliseconds: Int64) { self.milliseconds = milliseconds }

    init?(argument: String) {
        let units: [(String, Double)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)]
        for (suffix, factor) in units where argument.hasSuffix(suffix) {
            guard let value = Double(argument.dropLast(suffix.count)), value >= 0 else { return nil }
            milliseconds = Int64(value * factor)
            return
        }
        guard let seconds = Double(argument), seconds >= 0 else { return nil }
        milliseconds = Int64(seconds * 1000)
    }

    var defaultValueDescription: String {
        milliseconds % 1000 == 0 ? "\(milliseconds / 1000)s" : "\(milliseconds)ms"
    }
}
