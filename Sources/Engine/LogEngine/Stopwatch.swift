// Elapsed time on the log's injected clock, for the ages the status page shows (checkpoints,
// witness exchanges). A `Clock`'s instants have a type of their own, so an `any Clock` cannot
// store them side by side; readings of one stopwatch are plain `Duration`s from its start, and
// two readings subtract.

/// The time elapsed on one clock since the stopwatch was made.
struct Stopwatch: Sendable {
    private let read: @Sendable () -> Duration

    /// Starts a stopwatch on `clock` now.
    init<C: Clock>(_ clock: C) where C.Duration == Duration {
        let start = clock.now
        read = { start.duration(to: clock.now) }
    }

    /// The time elapsed since the stopwatch was made, on its clock.
    var elapsed: Duration { read() }
}
