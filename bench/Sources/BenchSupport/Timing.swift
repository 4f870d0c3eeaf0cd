// Wall-clock and CPU-time measurement for the benchmarks.
//
// The benchmark machines are shared, so every figure is reported twice: per second of wall time
// and per second of CPU time of the measuring thread (or process, for child processes). CPU time
// is the fairer figure when other work competes for the cores; ratios use it.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A point in time on two clocks: the monotonic wall clock and the calling thread's CPU clock.
public struct Instant: Sendable {
    /// Seconds on the monotonic clock.
    public let wall: Double
    /// Seconds of CPU time used by the calling thread.
    public let cpu: Double

    /// Reads both clocks now.
    public static func now() -> Instant {
        Instant(wall: read(CLOCK_MONOTONIC), cpu: read(CLOCK_THREAD_CPUTIME_ID))
    }

    private static func read(_ clock: clockid_t) -> Double {
        var t = timespec()
        clock_gettime(clock, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}

/// How fast something ran: units of work per second of wall time and of CPU time.
public struct Rate: Sendable, CustomStringConvertible {
    /// Units per second of wall-clock time.
    public let perWallSecond: Double
    /// Units per second of CPU time.
    public let perCPUSecond: Double

    /// Creates a rate from its two figures.
    public init(perWallSecond: Double, perCPUSecond: Double) {
        self.perWallSecond = perWallSecond
        self.perCPUSecond = perCPUSecond
    }

    /// "<cpu>/s CPU (<wall>/s wall)".
    public var description: String {
        "\(format(perCPUSecond))/s per CPU-second (\(format(perWallSecond))/s wall)"
    }
}

/// Runs `body` `runs` times (after one untimed warm-up run unless `warmUp` is false); each run
/// does `units` units of work. Returns the median rate on each clock.
///
/// `body` runs on the calling thread, so the CPU clock is that thread's.
public func measure(units: Int, runs: Int = 5, warmUp: Bool = true, _ body: () -> Void) -> Rate {
    precondition(runs > 0 && units > 0)
    if warmUp { body() }
    var wall: [Double] = []
    var cpu: [Double] = []
    for _ in 0..<runs {
        let start = Instant.now()
        body()
        let end = Instant.now()
        wall.append(Double(units) / (end.wall - start.wall))
        cpu.append(Double(units) / max(end.cpu - start.cpu, 1e-9))
    }
    return Rate(perWallSecond: median(wall), perCPUSecond: median(cpu))
}

/// Repeats `body` until at least `seconds` of wall time have passed (at least once), and returns
/// the rate in calls per second; `body` should do a small, fixed amount of work.
public func measure(forAtLeast seconds: Double, _ body: () -> Void) -> Rate {
    var calls = 0
    let start = Instant.now()
    var now = start
    repeat {
        for _ in 0..<16 { body() }
        calls += 16
        now = Instant.now()
    } while now.wall - start.wall < seconds
    return Rate(
        perWallSecond: Double(calls) / (now.wall - start.wall),
        perCPUSecond: Double(calls) / max(now.cpu - start.cpu, 1e-9))
}

/// The median of `values` (the mean of the middle two for an even count).
public func median(_ values: [Double]) -> Double {
    precondition(!values.isEmpty)
    let s = values.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

/// `value` with thousands separators and no decimals, or with 2 significant decimals below 100.
public func format(_ value: Double) -> String {
    if value < 100 {
        let scaled = (value * 100).rounded() / 100
        return "\(scaled)"
    }
    let digits = String(Int(value.rounded()))
    var out = ""
    for (i, c) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
        out.append(c)
    }
    return out
}

/// Prints a section heading.
public func heading(_ title: String) {
    print("\n== \(title)")
}
