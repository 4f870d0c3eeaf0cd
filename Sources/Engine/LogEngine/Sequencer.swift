// The sequencer: the one owner of tree state (DESIGN.md §6).
//
// One dedicated thread takes batches from the pending pool and, for each batch:
//   1. drops duplicates (within the batch, and against the dedup index) and assigns indexes;
//   2. integrates the new leaf hashes into the compact range and lays the new hashes out in tiles;
//   3. writes entries, tiles, dedup rows and the new tree state in one synced commit;
//   4. recomputes the root from the stored tiles (a second path) and compares;
//   5. signs the checkpoint (unless an alarm was raised), records it outside the store (the
//      signed-head record, synced), then stores it (synced);
//   6. only then answers every registration of the batch.
// Any failure in 3–5 stops the sequencer with an alarm: it fails every waiting registration and
// accepts no more; the log never signs over data that is not durable or does not add up.
//
// Crash consistency, step by step (each case is exercised by LogEngineTests/FaultInjectionTests):
// - before 3 is durable: nothing of the batch exists; nobody was answered; clients retry.
// - after 3, before 5's record: the store is ahead of every signature; recovery signs the
//   stored tree (the same tree: the entries are durable).
// - after the record, before the checkpoint is stored: recovery finds the store's tree at least
//   as large as the record and with its root, and signs it again (same size, same root).
// - after 5: recovery finds everything in place.
// A witness that holds another history (a 409 with a larger size, a 422) raises the alarm from
// the witnessing rounds (``raiseAlarm(_:)``): no checkpoint is signed after it.
import Foundation
#if canImport(Glibc)
    import Glibc
#endif
import Logging
import LogStorage
import Merkle
import Synchronization

/// The one writer of a log's tree. Registrations are submitted from any task; batches are
/// sequenced on a dedicated thread, since every step blocks on disk.
final class Sequencer: Sendable {
    private let storage: any LogStorage
    private let record: any SignedHeadRecord
    private let signer: LogSigner
    private let pool: PendingPool
    private let metrics: LogMetrics
    private let logger: Logger
    /// The full tiles already read, shared with the log's reads: the answers' proofs use it.
    private let fullTiles: FullTileCache
    /// State owned by the sequencer thread (and by `init` before the thread starts).
    private let owned: Mutex<OwnedState>
    /// The latest signed tree head, read by every reader.
    private let latest: Mutex<TreeHead>
    /// The log's clock, for the status page's ages.
    private let stopwatch: Stopwatch
    /// The size of the newest tree head this process signed, and when (``stopwatch``).
    private let signedAt = Mutex<(treeSize: UInt64, at: Duration)?>(nil)
    /// The alarm that stopped the sequencer, if any. Held while a checkpoint is signed, so that
    /// no signature is made once it is raised.
    private let alarm = Mutex<LogEngineError?>(nil)
    /// Resumed when the sequencer thread has finished.
    private let finished = Mutex<(done: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    private struct OwnedState: Sendable {
        var range: CompactRange
        /// The rightmost tile at each tile level, as stored.
        var rightEdge: [Int: (index: UInt64, data: [UInt8])] = [:]
    }

    /// Opens the sequencer on `storage` after checking the stored state against the last signed
    /// checkpoint and the signed-head `record` (``Sequencer+Recovery``), and starts its thread.
    init(
        storage: any LogStorage, record: any SignedHeadRecord, newLog: Bool, signer: LogSigner,
        configuration: LogConfiguration, metrics: LogMetrics, logger: Logger, fullTiles: FullTileCache,
        stopwatch: Stopwatch
    ) throws(LogEngineError) {
        self.stopwatch = stopwatch
        self.fullTiles = fullTiles
        self.storage = storage
        self.record = record
        self.signer = signer
        self.pool = PendingPool(configuration: configuration)
        self.metrics = metrics
        self.logger = logger
        let recovered = try Self.recover(storage: storage, record: record, newLog: newLog, signer: signer, logger: logger)
        self.owned = Mutex(OwnedState(range: recovered.range))
        self.latest = Mutex(recovered.head)
        metrics.treeSize.record(Int64(recovered.head.treeSize))
        metrics.alarm.record(0)
        let thread = Thread { [self] in self.run() }
        thread.name = Self.threadName
        thread.start()
    }

    /// The latest signed tree head.
    var treeHead: TreeHead { latest.withLock { $0 } }

    /// When this process signed the tree head of size `treeSize` (a ``Stopwatch`` reading), or
    /// nil when it did not sign the newest one of that size.
    func signedAt(treeSize: UInt64) -> Duration? {
        signedAt.withLock { $0?.treeSize == treeSize ? $0?.at : nil }
    }

    /// The alarm that stopped the sequencer, or nil while it runs.
    var stoppedBy: LogEngineError? { alarm.withLock { $0 } }

    /// Queues `leaf` (already validated) and waits until it is durable and covered by a signed
    /// checkpoint.
    ///
    /// Throws ``LogEngineError/Code/overloaded`` when the pool is full,
    /// ``LogEngineError/Code/shuttingDown`` after ``shutdown()``, and
    /// ``LogEngineError/Code/stopped`` after an alarm.
    func submit(leaf: [UInt8], leafHash: Hash) async throws -> Sequenced {
        if let alarm = stoppedBy { throw alarm }
        let start = ContinuousClock.now
        let sequenced = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Sequenced, any Error>) in
            do throws(LogEngineError) {
                try pool.add(
                    PendingRegistration(leaf: leaf, leafHash: leafHash, arrival: start, waiter: .registration(continuation)))
            } catch {
                if error.code == .overloaded { metrics.overloads.increment() }
                continuation.resume(throwing: error)
            }
        }
        metrics.registrationLatency.recordNanoseconds((ContinuousClock.now - start).nanoseconds)
        return sequenced
    }

    /// Queues already-validated leaves, in their order and next to each other in the pool, for a
    /// bulk import; the returned group is answered once all of them are durable and covered by a
    /// signed checkpoint. Throws like ``submit(leaf:leafHash:)`` when the pool cannot take them
    /// all (then none is queued). Does not block on disk.
    func enqueue(importing leaves: ArraySlice<[UInt8]>) throws(LogEngineError) -> ImportGroup {
        if let alarm = stoppedBy { throw alarm }
        let group = ImportGroup(count: leaves.count)
        let now = ContinuousClock.now
        let pending = leaves.map { leaf in
            PendingRegistration(leaf: leaf, leafHash: Hash.leaf(leaf), arrival: now, waiter: .imported(group))
        }
        try pool.add(contentsOf: pending)
        return group
    }

    /// Stops accepting registrations, sequences every one already accepted, and returns when the
    /// sequencer thread has finished.
    func shutdown() async {
        pool.close()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = finished.withLock { state in
                if !state.done { state.waiters.append(continuation) }
                return state.done
            }
            if done { continuation.resume() }
        }
    }

    // MARK: - The sequencer thread

    /// The sequencer thread's name, as `ps -L` and `top -H` show it (at most 15 bytes on Linux).
    static let threadName = "rl-sequencer"

    private func run() {
        #if canImport(Glibc)
            // Foundation does not name the system thread on Linux, which would keep its
            // creator's name: name it through procfs (pthread_setname_np is not exported).
            let fd = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
            if fd >= 0 {
                _ = Array(Self.threadName.utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                close(fd)
            }
        #endif
        while let work = pool.take() {
            var publications = work.publications[...]
            do {
                // The witnessing rounds' publications first: each is one synced commit, made
                // here so that this thread is the store's one writer.
                while let publication = publications.first {
                    try storage.commit(publication.commit)
                    publications.removeFirst()
                    publication.continuation.resume()
                }
                if !work.batch.isEmpty { try sequence(work.batch) }
            } catch {
                stop(error, failing: SequencerWork(batch: work.batch, publications: Array(publications)))
                break
            }
        }
        let waiters = finished.withLock { state in
            state.done = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for w in waiters { w.resume() }
    }

    /// Raises the alarm from outside the sequencer thread (the witnessing rounds, when a witness
    /// holds another history): no checkpoint is signed from now on, everything waiting fails,
    /// and later registrations are refused. The first alarm is kept.
    func raiseAlarm(_ reason: String) {
        let raised = LogEngineError(.stopped, "the sequencer stopped: \(reason)")
        let first = alarm.withLock { current -> Bool in
            guard current == nil else { return false }
            current = raised
            return true
        }
        guard first else { return }
        metrics.alarm.record(1)
        logger.critical("ALARM: the log signs nothing more until an operator looks", metadata: ["reason": "\(reason)"])
        fail(pool.drainAll(), with: raised)
    }

    /// Fails every registration and publication of `work`.
    private func fail(_ work: SequencerWork, with error: LogEngineError) {
        for p in work.batch { p.waiter.resume(throwing: error) }
        for p in work.publications { p.continuation.resume(throwing: error) }
    }

    /// Raises the alarm on the sequencer thread: fails `work` (none of whose waiters has been
    /// told anything) and everything waiting, and refuses all later registrations.
    private func stop(_ error: any Error, failing work: SequencerWork) {
        raiseAlarm("\(error)")
        let alarm = stoppedBy ?? LogEngineError(.stopped, "the sequencer stopped: \(error)")
        fail(work, with: alarm)
        fail(pool.drainAll(), with: alarm)
    }

    /// Has the sequencer thread, the store's one writer, make `commit` (a cosigned checkpoint
    /// and the published size, from a witnessing round), and returns once it is durable.
    /// Throws ``LogEngineError/Code/shuttingDown`` after ``shutdown()``,
    /// ``LogEngineError/Code/stopped`` after an alarm, and the store's error if the commit fails
    /// (which raises the alarm).
    func publish(_ commit: StorageCommit) async throws {
        if let alarm = stoppedBy { throw alarm }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            do throws(LogEngineError) {
                try pool.add(PendingPublication(commit: commit, continuation: continuation))
            } catch {
                continuation.resume(throwing: error)
            }
        }
    }

    /// Sequences one batch (steps 1–6 above).
    private func sequence(_ batch: [PendingRegistration]) throws {
        var state = owned.withLock { $0 }
        let oldSize = state.range.size

        // 1. Duplicates and indexes.
        var assigned: [Hash: UInt64] = [:]
        var newLeaves: [[UInt8]] = []
        var newHashes: [Hash] = []
        var answers: [(PendingRegistration, UInt64, isNew: Bool)] = []
        answers.reserveCapacity(batch.count)
        for p in batch {
            if let i = assigned[p.leafHash] {
                answers.append((p, i, false))
            } else if let i = try storage.index(ofLeafHash: p.leafHash) {
                answers.append((p, i, false))
            } else {
                let i = oldSize + UInt64(newLeaves.count)
                assigned[p.leafHash] = i
                newLeaves.append(p.leaf)
                newHashes.append(p.leafHash)
                answers.append((p, i, true))
            }
        }
        metrics.duplicates.increment(by: batch.count - newLeaves.count)

        var head = treeHead
        if !newLeaves.isEmpty {
            // 2. Integration and tiles.
            let integration = Integration(appending: newHashes, to: state.range)
            var commit = StorageCommit()
            commit.entries = newLeaves.enumerated().map { (oldSize + UInt64($0.offset), $0.element) }
            commit.leafIndexes = newHashes.enumerated().map { ($0.element, oldSize + UInt64($0.offset)) }
            commit.tiles = try tiles(for: integration, rightEdge: &state.rightEdge)
            commit.metadata = [(CompactRange.metadataKey, integration.range.stateEncoding)]

            // 3. One synced commit.
            let started = ContinuousClock.now
            try storage.commit(commit)
            metrics.commitDuration.recordNanoseconds((ContinuousClock.now - started).nanoseconds)
            metrics.batchSize.record(newLeaves.count)

            // 4. The second path.
            let stored = try treeHash(size: integration.range.size, reader: StoredTileHashReader(storage: storage))
            guard stored == integration.rootHash else {
                throw LogEngineError(
                    .stopped,
                    "root mismatch at size \(integration.range.size): sequenced \(integration.rootHash), stored tiles give \(stored)")
            }
            state.range = integration.range

            // 5. Sign (not after an alarm), record outside the store, then store the checkpoint.
            let size = state.range.size
            head = try alarm.withLock { (raised: inout LogEngineError?) throws -> TreeHead in
                if let raised { throw raised }
                return try signer.signTreeHead(treeSize: size, rootHash: integration.rootHash)
            }
            try record.save(head.logSignedNote.encoded)
            try store(head)
            owned.withLock { $0 = state }
            latest.withLock { $0 = head }
            signedAt.withLock { $0 = (head.treeSize, stopwatch.elapsed) }
            metrics.treeSize.record(Int64(head.treeSize))
        }

        // 6. Answers: every one is worked out first, since a read may fail; only then is any
        // waiter told, so that a failure here fails each waiter exactly once (in `stop`).
        var sequenced: [Sequenced] = []
        sequenced.reserveCapacity(answers.count)
        // A new entry's answer is built here, on this thread, while the batch's tiles are in the
        // cache and RocksDB's memtable, each stored hash read once for the batch: the request
        // then answers without another trip to a blocking thread.
        let reader = MemoizedHashReader(StoredTileHashReader(storage: storage, cache: fullTiles))
        for (p, index, isNew) in answers {
            if isNew, case .imported = p.waiter {
                // A bulk import waits for durability only: no answer to build.
                sequenced.append(Sequenced(index: index, leafHash: p.leafHash, treeSize: head.treeSize))
            } else if isNew {
                let proof = try InclusionProof(leafIndex: index, treeSize: head.treeSize, reader: reader)
                sequenced.append(Sequenced(index: index, leafHash: p.leafHash, treeSize: head.treeSize, built: (head, proof)))
            } else {
                guard let covering = try storage.checkpoint(atLeast: index + 1) else {
                    throw LogEngineError(.stopped, "no signed checkpoint covers stored entry \(index)")
                }
                sequenced.append(Sequenced(index: index, leafHash: p.leafHash, treeSize: covering.treeSize))
            }
        }
        for (answer, result) in zip(answers, sequenced) { answer.0.waiter.resume(returning: result) }
    }

    /// Stores a signed tree head in the checkpoint history (synced).
    private func store(_ head: TreeHead) throws(LogStorageError) {
        var commit = StorageCommit()
        commit.checkpoints = [(head.treeSize, head.note.encoded)]
        try storage.commit(commit)
    }

    /// The new full contents of every tile that the integration extends, each the stored tile
    /// plus the new hashes (tiles grow in place); updates `rightEdge` to match.
    private func tiles(
        for integration: Integration, rightEdge: inout [Int: (index: UInt64, data: [UInt8])]
    ) throws -> [(level: Int, index: UInt64, data: [UInt8])] {
        var out: [(level: Int, index: UInt64, data: [UInt8])] = []
        for stored in integration.storedLevels {
            let level = stored.tileLevel
            var position = stored.startIndex
            var next = stored.hashes[...]
            while let _ = next.first {
                let tileIndex = position / UInt64(Tile.fullWidth)
                let offset = Int(position % UInt64(Tile.fullWidth))
                let take = min(Tile.fullWidth - offset, next.count)
                var data: [UInt8]
                if offset == 0 {
                    data = []
                } else if let edge = rightEdge[level], edge.index == tileIndex, edge.data.count == offset * Hash.count {
                    data = edge.data
                } else if let stored = try storage.tileData(level: level, index: tileIndex, width: offset) {
                    data = stored
                } else {
                    throw LogEngineError(.stopped, "tile \(level)/\(tileIndex) holds fewer than \(offset) hashes")
                }
                data.reserveCapacity(Tile.fullWidth * Hash.count)
                for h in next.prefix(take) { data.append(contentsOf: h.bytes) }
                out.append((level, tileIndex, data))
                rightEdge[level] = (tileIndex, data)
                position += UInt64(take)
                next = next.dropFirst(take)
            }
        }
        return out
    }
}
