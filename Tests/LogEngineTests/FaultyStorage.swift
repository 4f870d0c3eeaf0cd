import Foundation
import LogStorage
import Merkle
import Synchronization

/// Where a planned fault strikes: the `step`-th write (counting every storage commit and every
/// signed-head record save, from 0), either before it persists or after it has.
struct FaultPoint: Sendable, CustomStringConvertible {
    enum When: Sendable { case before, after }
    let step: Int
    let when: When
    var description: String { "\(when == .before ? "before" : "after") write \(step)" }
}

/// The injected failure.
struct InjectedFault: Error, CustomStringConvertible {
    let point: FaultPoint
    let what: String
    var description: String { "injected fault \(point) (\(what))" }
}

/// Counts the writes of one run and fails the planned one; records what every write was, and
/// every signed note that reached storage or the record, for the checks after recovery.
final class FaultPlan: Sendable {
    let point: FaultPoint?
    private let state = Mutex<(count: Int, writes: [String], threads: [String], signed: [[UInt8]])>((0, [], [], []))

    init(_ point: FaultPoint?) { self.point = point }

    var writes: [String] { state.withLock { $0.writes } }
    /// The name of the thread each write ran on, in the order of ``writes``.
    var threads: [String] { state.withLock { $0.threads } }
    /// Every checkpoint note written, in order.
    var signedNotes: [[UInt8]] { state.withLock { $0.signed } }

    /// Runs `persist` as the next write, failing it as planned.
    func write<E: Error>(_ what: String, notes: [[UInt8]], _ persist: () throws(E) -> Void) throws {
        let n = state.withLock { s in
            defer { s.count += 1 }
            s.writes.append(what)
            s.threads.append(Thread.current.name ?? "")
            return s.count
        }
        if let point, point.step == n, point.when == .before { throw InjectedFault(point: point, what: what) }
        try persist()
        state.withLock { $0.signed += notes }
        if let point, point.step == n, point.when == .after { throw InjectedFault(point: point, what: what) }
    }
}

/// A ``LogStorage`` over another that fails a planned commit, before or after it persists, and
/// fails reads of covering checkpoints while ``failCheckpointReads`` is set.
final class FaultyLogStorage: LogStorage {
    let inner: any LogStorage
    let plan: FaultPlan
    let failCheckpointReads = Atomic<Bool>(false)

    init(_ inner: any LogStorage, plan: FaultPlan) {
        self.inner = inner
        self.plan = plan
    }

    func commit(_ change: StorageCommit) throws(LogStorageError) {
        var parts: [String] = []
        if !change.entries.isEmpty { parts.append("entries") }
        if !change.tiles.isEmpty { parts.append("tiles") }
        if !change.checkpoints.isEmpty { parts.append("checkpoint") }
        for (key, _) in change.metadata { parts.append(key) }
        do {
            try plan.write("commit " + parts.joined(separator: "+"), notes: change.checkpoints.map(\.note)) { () throws(LogStorageError) in
                try inner.commit(change)
            }
        } catch let error as LogStorageError {
            throw error
        } catch {
            throw LogStorageError(.io, "\(error)")
        }
    }

    func entries(from start: UInt64, count: Int) throws(LogStorageError) -> [[UInt8]] { try inner.entries(from: start, count: count) }
    func tileData(level: Int, index: UInt64) throws(LogStorageError) -> [UInt8]? { try inner.tileData(level: level, index: index) }
    func index(ofLeafHash leafHash: Hash) throws(LogStorageError) -> UInt64? { try inner.index(ofLeafHash: leafHash) }
    func checkpoint(treeSize: UInt64) throws(LogStorageError) -> [UInt8]? { try inner.checkpoint(treeSize: treeSize) }
    func checkpoint(atLeast treeSize: UInt64) throws(LogStorageError) -> (treeSize: UInt64, note: [UInt8])? {
        if failCheckpointReads.load(ordering: .relaxed) { throw LogStorageError(.io, "injected read failure") }
        return try inner.checkpoint(atLeast: treeSize)
    }
    func latestCheckpoint() throws(LogStorageError) -> (treeSize: UInt64, note: [UInt8])? { try inner.latestCheckpoint() }
    func metadata(_ key: String) throws(LogStorageError) -> [UInt8]? { try inner.metadata(key) }
}

/// A ``SignedHeadRecord`` over another that fails a planned save, before or after it persists.
final class FaultySignedHeadRecord: SignedHeadRecord {
    let inner: any SignedHeadRecord
    let plan: FaultPlan

    init(_ inner: any SignedHeadRecord, plan: FaultPlan) {
        self.inner = inner
        self.plan = plan
    }

    func load() throws(LogStorageError) -> [UInt8]? { try inner.load() }

    func save(_ note: [UInt8]) throws(LogStorageError) {
        do {
            try plan.write("record", notes: [note]) { () throws(LogStorageError) in try inner.save(note) }
        } catch let error as LogStorageError {
            throw error
        } catch {
            throw LogStorageError(.io, "\(error)")
        }
    }
}
