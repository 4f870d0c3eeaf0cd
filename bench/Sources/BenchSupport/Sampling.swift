// Per-call timing: each call is timed on the wall clock and on the calling thread's CPU clock,
// after untimed warm-up calls; figures are medians and percentiles.
import Foundation

/// The times of repeated calls of one body, in seconds.
public struct Samples: Sendable {
    /// Wall-clock seconds per call.
    public let wall: [Double]
    /// Thread-CPU seconds per call.
    public let cpu: [Double]

    /// Samples of these times.
    public init(wall: [Double], cpu: [Double]) {
        self.wall = wall
        self.cpu = cpu
    }

    /// Median wall-clock seconds per call.
    public var wallMedian: Double { median(wall) }
    /// Median CPU seconds per call.
    public var cpuMedian: Double { median(cpu) }

    /// The 99th percentile of `values`.
    public static func percentile(_ values: [Double], _ p: Double) -> Double {
        let s = values.sorted()
        return s[min(s.count - 1, max(0, Int((Double(s.count) * p).rounded(.up)) - 1))]
    }
}

/// Times `body` once per iteration, `iterations` times, after `warmUp` untimed calls.
public func sample(iterations: Int, warmUp: Int, _ body: () -> Void) -> Samples {
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
