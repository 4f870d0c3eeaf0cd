// The pool of validated registrations waiting for the sequencer, and the batching rule.
import LogStorage
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

/// A write the witnessing rounds hand to the sequencer thread, the log's one writer: a cosigned
/// checkpoint and the published size, stored in one commit.
struct PendingPublication: Sendable {
    /// The commit to make.
    let commit: StorageCommit
    /// Told once the commit is durable, or failed.
    let continuation: CheckedContinuation<Void, any Error>
}

/// What the sequencer thread takes from the pool: a batch of registrations (possibly empty) and
/// the publications waiting, which it commits first.
struct SequencerWork {
    var batch: [PendingRegistration]
    var publications: [PendingPublication]
}

/// The pending pool: many producers (registration tasks, the witnessing rounds' publications),
/// one consumer (the sequencer thread).
///
/// `take` blocks the sequencer thread until a batch is due (``LogConfiguration/batchMaxCount``
/// registrations are waiting, or the oldest has waited ``LogConfiguration/batchMaxAge``), a
/// publication waits, or the pool is closing.
final class PendingPool: @unchecked Sendable {
    // Safe to share: every stored property below is read and written only with `condition`
    // locked, except the immutable bounds.
    private let condition = MonotonicCondition()
    private var pending: [PendingRegistration] = []
    private var publications: [PendingPublication] = []
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

    /// Adds a publication for the sequencer thread to commit; throws
    /// ``LogEngineError/Code/shuttingDown`` once the pool is closed (the continuation is then not
    /// told by the pool).
    func add(_ publication: PendingPublication) throws(LogEngineError) {
        condition.lock()
        defer { condition.unlock() }
        guard !closed else {
            throw LogEngineError(.shuttingDown, "the log is shutting down")
        }
        publications.append(publication)
        condition.signal()
    }

    /// Blocks until a batch is due or a publication waits, and returns the publications and the
    /// batch (at most `maxCount` registrations, oldest first; empty when only publications
    /// wait); returns nil once the pool is closed and empty.
    func take() -> SequencerWork? {
        condition.lock()
        defer { condition.unlock() }
        while pending.isEmpty && publications.isEmpty {
            if closed { return nil }
            condition.wait()
        }
        if !pending.isEmpty && publications.isEmpty {
            let deadline = pending[0].arrival + maxAge
            while pending.count < maxCount && publications.isEmpty && !closed {
                guard ContinuousClock.now < deadline else { break }
                condition.wait(until: deadline)
            }
        }
        let due = pending.count >= maxCount || closed || (!pending.isEmpty && ContinuousClock.now >= pending[0].arrival + maxAge)
        let n = due ? min(maxCount, pending.count) : 0
        let work = SequencerWork(batch: Array(pending.prefix(n)), publications: publications)
        pending.removeFirst(n)
        publications = []
        return work
    }

    /// Refuses new registrations from now on; those already waiting are still taken.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// Closes the pool and returns everything still waiting, so the caller can fail it.
    func drainAll() -> SequencerWork {
        condition.lock()
        defer { condition.unlock() }
        closed = true
        condition.broadcast()
        let all = SequencerWork(batch: pending, publications: publications)
        pending = []
        publications = []
        return all
    }
}
