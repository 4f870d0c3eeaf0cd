import Synchronization

/// A clock that moves only when a test advances it, so that tests decide when a witness has
/// taken too long instead of waiting for it.
final class ManualClock: Clock, Sendable {
    struct Instant: InstantProtocol {
        let offset: Duration
        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (a: Instant, b: Instant) -> Bool { a.offset < b.offset }
    }

    private struct Sleeper {
        let id: UInt64
        let deadline: Instant
        let continuation: CheckedContinuation<Void, any Error>
    }

    private let state = Mutex<(now: Instant, next: UInt64, sleepers: [Sleeper])>((Instant(offset: .zero), 0, []))

    var now: Instant { state.withLock { $0.now } }
    var minimumResolution: Duration { .nanoseconds(1) }

    /// How many tasks are sleeping on the clock.
    var sleeping: Int { state.withLock { $0.sleepers.count } }
    /// How many sleeps were asked for so far (sleeping, woken or cancelled).
    var sleeps: UInt64 { state.withLock { $0.next } }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        let id = state.withLock { s in
            defer { s.next += 1 }
            return s.next
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let ready: Bool? = state.withLock { s in
                    if Task.isCancelled { return nil }
                    if deadline <= s.now { return true }
                    s.sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
                    return false
                }
                switch ready {
                case nil: continuation.resume(throwing: CancellationError())
                case true?: continuation.resume()
                case false?: break
                }
            }
        } onCancel: {
            let sleeper = state.withLock { s -> Sleeper? in
                guard let i = s.sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                return s.sleepers.remove(at: i)
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves the clock on by `duration` and wakes every sleeper whose deadline has come.
    func advance(by duration: Duration) {
        let due = state.withLock { s -> [Sleeper] in
            s.now = s.now.advanced(by: duration)
            let due = s.sleepers.filter { $0.deadline <= s.now }
            s.sleepers.removeAll { $0.deadline <= s.now }
            return due
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    /// Waits until `asked` sleeps were asked for and exactly `sleeping` of them still sleep (the
    /// others were cancelled: the work they bounded is over). It looks again every millisecond
    /// of real time, which paces the wait and decides nothing: a spin on `Task.yield()` could
    /// starve the tasks it waits for on a two-core machine.
    func waitUntil(asked: UInt64, sleeping count: Int) async {
        while state.withLock({ $0.next != asked || $0.sleepers.count != count }) {
            try? await Task.sleep(for: .milliseconds(1))
        }
    }
}
