import Synchronization

/// The entries of one bulk-import chunk: counts them as the sequencer answers them, and wakes the
/// importer once every one is answered (or fails it with the first error).
///
/// `finish` is called from the sequencer thread, `wait` from the importing task, in either order.
final class ImportGroup: Sendable {
    private struct State {
        var remaining: Int
        var failure: (any Error)?
        var waiter: CheckedContinuation<Void, any Error>?
    }

    private let state: Mutex<State>

    /// A group of `count` entries (at least one).
    init(count: Int) {
        precondition(count > 0, "an import group holds at least one entry")
        state = Mutex(State(remaining: count, failure: nil, waiter: nil))
    }

    /// Records one answered entry: `failure` is nil when it was sequenced.
    func finish(_ failure: (any Error)?) {
        let wake: (CheckedContinuation<Void, any Error>, (any Error)?)? = state.withLock { s in
            precondition(s.remaining > 0, "an import group was answered more often than it has entries")
            s.remaining -= 1
            if s.failure == nil, let failure { s.failure = failure }
            guard s.remaining == 0, let waiter = s.waiter else { return nil }
            s.waiter = nil
            return (waiter, s.failure)
        }
        guard let (waiter, failure) = wake else { return }
        if let failure { waiter.resume(throwing: failure) } else { waiter.resume() }
    }

    /// Returns once every entry is answered; throws the first failure, if any.
    func wait() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let done: (any Error)?? = state.withLock { s in
                guard s.remaining == 0 else {
                    s.waiter = continuation
                    return .none
                }
                return .some(s.failure)
            }
            switch done {
            case .none: break
            case .some(.none): continuation.resume()
            case .some(.some(let failure)): continuation.resume(throwing: failure)
            }
        }
    }
}
