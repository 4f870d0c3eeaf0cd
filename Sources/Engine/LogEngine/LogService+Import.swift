// The trusted bulk import: entries that enter the log without the registration checks.
import LogStorage
import Merkle

extension LogService {
    /// Appends `entries` (leaves as stored: for a registered statement, its leaf form) through the
    /// sequencer's normal path — batching, dedup, one synced commit per batch, the second-path
    /// root check and a signed checkpoint per batch — but WITHOUT the registration checks. It is
    /// the trusted bulk import for tests, mirrors and benchmarks: only ever call it with entries
    /// the caller has validated itself; the public API (`register`) is the one for statements.
    ///
    /// Ordering: the entries are queued in their order, one chunk of at most
    /// ``LogConfiguration/batchMaxCount`` at a time with a few chunks in flight, so on a log that
    /// takes no registrations meanwhile new entries get consecutive indexes in that order. An
    /// entry equal to one already in the log (or earlier in `entries`) is not appended again.
    /// Returns once every entry is durable and covered by a signed checkpoint.
    ///
    /// Throws ``LogEngineError/Code/badRequest`` (before anything is queued) when an entry is
    /// longer than 65,535 bytes, ``LogEngineError/Code/overloaded`` when concurrent registrations
    /// leave no room in the pending pool for a chunk, and ``LogEngineError/Code/shuttingDown`` or
    /// ``LogEngineError/Code/stopped`` like ``register(_:)``; chunks queued before an error may
    /// already be in the log. Safe to call from any task; it never blocks a thread.
    public func importEntries(_ entries: [[UInt8]]) async throws {
        // c2sp.org/tlog-tiles: an entry bundle holds entries of at most 2^16 - 1 bytes.
        if let i = entries.firstIndex(where: { $0.count > StorageCommit.maxEntryBytes }) {
            throw LogEngineError(
                .badRequest, "entry \(i) is \(entries[i].count) bytes; entries are at most \(StorageCommit.maxEntryBytes)")
        }
        let chunk = configuration.batchMaxCount
        let window = max(1, min(4, configuration.pendingLimit / chunk))
        var inFlight: [ImportGroup] = []
        var start = entries.startIndex
        while start < entries.endIndex {
            if inFlight.count == window { try await inFlight.removeFirst().wait() }
            let end = min(start + chunk, entries.endIndex)
            inFlight.append(try sequencer.enqueue(importing: entries[start..<end]))
            start = end
        }
        for group in inFlight { try await group.wait() }
    }
}
