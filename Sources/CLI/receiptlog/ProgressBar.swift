#if canImport(Glibc)
    import Glibc
    private let systemWrite = Glibc.write
#elseif canImport(Darwin)
    import Darwin
    private let systemWrite = Darwin.write
#endif

/// A one-line progress bar on standard error, drawn only when standard error is a terminal.
///
/// Redraws at most ten times a second; ``finish()`` clears the line. Not thread-safe.
final class ProgressBar {
    private let label: String
    private let enabled: Bool
    private var lastDraw: UInt64 = 0
    private var started: UInt64
    private var drawn = false
    private var lastDone: UInt64 = .max

    /// Creates a bar for `label`; it draws only if standard error is a terminal and `total` is at
    /// least `threshold` bytes.
    init(label: String, total: UInt64, threshold: UInt64 = 64 << 20) {
        self.label = label
        self.enabled = isatty(STDERR_FILENO) == 1 && total >= threshold
        self.started = Self.nowNanoseconds()
    }

    /// Shows `done` of `total` bytes.
    func update(done: UInt64, total: UInt64) {
        guard enabled, total > 0, done != lastDone else { return }
        let now = Self.nowNanoseconds()
        guard now - lastDraw >= 100_000_000 || done == total else { return }
        lastDraw = now
        lastDone = done
        let width = 30
        let filled = Int(Double(width) * Double(done) / Double(total))
        let seconds = Double(now - started) / 1e9
        // The rate is shown once it means something.
        let rate = seconds >= 0.25 ? " \(Int(Double(done) / seconds / 1e6)) MB/s" : ""
        let percent = Int(100 * Double(done) / Double(total))
        let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
        let line = "\r\(label) [\(bar)] \(percent)% \(Self.mebibytes(done))/\(Self.mebibytes(total)) MiB\(rate)"
        Self.writeError(line)
        drawn = true
    }

    /// Clears the bar's line, if it was drawn.
    func finish() {
        guard drawn else { return }
        Self.writeError("\r\u{1B}[2K")
        drawn = false
    }

    private static func writeError(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { systemWrite(STDERR_FILENO, $0.baseAddress, $0.count) }
    }

    private static func mebibytes(_ bytes: UInt64) -> UInt64 { bytes >> 20 }

    private static func nowNanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}
