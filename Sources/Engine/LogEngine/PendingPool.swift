// The pool of validated registrations waiting for the sequencer, and the batching rule.
import Merkle

/// A validated registration waiting to be sequenced.
struct PendingRegistration: Sendable {
    /// The bytes that enter the log.
    let leaf: [UInt8]
    /// Their RFC 6962 leaf hash.
    let leafHash: Hash
    /// When the registration joined the pool.
    let arrival: ContinuousClock.Instant
    /// Told once the registration is durable and covered by a signed checkpoint, or failed.
    let waiter: PendingWaiter
}

/// The pending pool: many producers (registration tasks), one consumer (the sequencer thread).
///
/// `take` blocks the sequencer thread until a batch is due: ``LogConfiguration/batchMaxCount``
/// registrations are waiting, or the oldest has waited ``LogConfiguration/batchMaxAge``, or the
/// pool is closing.
final class PendingPool: @unchecked Sendable {
    // Safe to share: every stored property below is read and written only with `condition`
    // locked, except the immutable bounds.
    private let condition = MonotonicCondition()
    private var pending: [PendingRegistration] = []
    private var closed = false
    private let maxCount: Int
    private let maxAge: Duration
    private let limit: Int

    init(configuration: LogConfiguration) {
        maxCount = configuration.batchMaxCount
        maxAge = configuration.batchMaxAge
        limit = configuration.pendingLimit
    }

    /// Adds a registration; throws ``LogEngineError/Code/overloaded`` when the pool is full and
    /// ``LogEngineError/Code/shuttingDown`` once it is closed. The registration's waiter is
    /// then not told by the pool.
    func add(_ registration: PendingRegistration) throws(LogEngineError) {
        condition.lock()
        defer { condition.unlock() }
        guard !closed else {
            throw LogEngineError(.shuttingDown, "the log is shutting down")
        }
        guard pending.count < limit else {
            throw LogEngineError(.overloaded, "\(limit) registrations are already waiting")
        }
        pending.append(registration)
        if pending.count == 1 || pending.count == maxCount { condition.signal() }
    }

    /// Adds `registrations` in their order with one lock, all or none; throws like ``add(_:)``
    /// when they do not all fit under the pool's bound.
    func add(contentsOf registrations: [PendingRegistration]) throws(LogEngineError) {
        condition.lock()
        defer { condition.unlock() }
        guard !closed else {
            throw LogEngineError(.shuttingDown, "the log is shutting down")
        }
        guard pending.count + registrations.count <= limit else {
            throw LogEngineError(.overloaded, "\(pending.count) registrations are already waiting; the limit is \(limit)")
        }
        let before = pending.count
        pending.append(contentsOf: registrations)
        if before == 0 || (before < maxCount && pending.count >= maxCount) { condition.signal() }
    }

    /// Blocks until a batch is due and returns it (at most `maxCount` registrations, oldest
    /// first); returns nil once the pool is closed and empty.
    func take() -> [PendingRegistration]? {
        condition.lock()
        defer { condition.unlock() }
        while pending.isEmpty {
            if closed { return nil }
            condition.wait()
        }
        let deadline = pending[0].arrival + maxAge
        while pending.count < maxCount && !closed {
            guard ContinuousClock.now < deadline else { break }
            condition.wait(until: deadline)
        }
        let n = min(maxCount, pending.count)
        let batch = Array(pending.prefix(n))
        pending.removeFirst(n)
        return batch
    }

    /// Refuses new registrations from now on; those already waiting are still taken.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// Closes the pool and returns everything still waiting, so the caller can fail it.
    func drainAll() -> [PendingRegistration] {
        condition.lock()
        defer { condition.unlock() }
        closed = true
        condition.broadcast()
        let all = pending
        pending = []
        return all
    }
}
