// Per-call timing for evidence-bench: each call is timed on the wall clock and on the calling
// thread's CPU clock, after untimed warm-up calls; figures are medians.
import BenchSupport
import Foundation

/// The times of repeated calls of one body, in seconds.
struct Samples {
    /// Wall-clock seconds per call.
    let wall: [Double]
    /// Thread-CPU seconds per call.
    let cpu: [Double]

    /// Median wall-clock seconds per call.
    var wallMedian: Double { median(wall) }
    /// Median CPU seconds per call.
    var cpuMedian: Double { median(cpu) }

    /// The 99th percentile of `values`.
    static func percentile(_ values: [Double], _ p: Double) -> Double {
        let s = values.sorted()
        return s[min(s.count - 1, max(0, Int((Double(s.count) * p).rounded(.up)) - 1))]
    }
}

/// Times `body` once per iteration, `iterations` times, after `warmUp` untimed calls.
func sample(iterations: Int, warmUp: Int, _ body: () -> Void) -> Samples {
    for _ in 0..<warmUp { body() }
    var wall = [Double](), cpu = [Double]()
    wall.reserveCapacity(iterations)
    cpu.reserveCapacity(iterations)
    for _ in 0..<iterations {
        let start = Instant.now()
        body()
        let end = Instant.now()
        wall.append(end.wall - start.wall)
        cpu.append(end.cpu - start.cpu)
    }
    return Samples(wall: wall, cpu: cpu)
}

/// Seconds as milliseconds with three decimals.
func ms(_ seconds: Double) -> String { String(format: "%.3f ms", seconds * 1000) }

/// An error that stops the benchmark: its inputs are not what the figures assume.
struct EvidenceBenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
