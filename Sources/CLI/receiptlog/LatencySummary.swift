/// Percentiles of a set of latencies, in nanoseconds.
struct LatencySummary: Equatable {
    /// How many latencies were summarised.
    let count: Int
    /// The median, 90th and 99th percentile and the largest (nearest-rank percentiles).
    let p50: Int64, p90: Int64, p99: Int64, max: Int64

    /// Summarises `latencies` (in any order); nil when there are none.
    init?(_ latencies: [Int64]) {
        guard !latencies.isEmpty else { return nil }
        let sorted = latencies.sorted()
        count = sorted.count
        p50 = Self.rank(0.50, sorted)
        p90 = Self.rank(0.90, sorted)
        p99 = Self.rank(0.99, sorted)
        max = sorted[sorted.count - 1]
    }

    /// The nearest-rank percentile: the smallest value with at least `q` of all values at or
    /// below it.
    static func rank(_ q: Double, _ sorted: [Int64]) -> Int64 {
        let r = Int((q * Double(sorted.count)).rounded(.up))
        return sorted[Swift.max(0, Swift.min(sorted.count - 1, r - 1))]
    }

    /// `ns` in milliseconds with two decimals, for reports.
    static func milliseconds(_ ns: Int64) -> String {
        let hundredths = (ns + 5_000) / 10_000
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction) ms"
    }
}
