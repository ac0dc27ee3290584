/// A Prometheus histogram's state: cumulative counts per upper bound, the count and the sum.
struct Histogram: Sendable {
    let bounds: [Double]
    private(set) var counts: [Int]
    private(set) var count = 0
    private(set) var sum = 0.0

    init(bounds: [Double]) {
        self.bounds = bounds
        counts = Array(repeating: 0, count: bounds.count)
    }

    mutating func observe(_ value: Double) {
        count += 1
        sum += value
        if let index = bounds.firstIndex(where: { value <= $0 }) { counts[index] += 1 }
    }

    /// `(le, cumulative count)` pairs, ending with `+Inf`.
    var cumulative: [(String, Int)] {
        var running = 0
        var buckets: [(String, Int)] = []
        for (bound, n) in zip(bounds, counts) {
            running += n
            buckets.append((PrometheusText.number(bound), running))
        }
        buckets.append(("+Inf", count))
        return buckets
    }

    /// Request latency in seconds: 1 ms to 10 s.
    static let latencyBounds: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
}
