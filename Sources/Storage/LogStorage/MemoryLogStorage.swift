public import Merkle
import Synchronization

/// A ``LogStorage`` held in memory, for tests. Durable only for the life of the object.
public final class MemoryLogStorage: LogStorage {
    private struct TileKey: Hashable {
        var level: Int
        var index: UInt64
    }

    private struct State {
        var entries: [UInt64: [UInt8]] = [:]
        var tiles: [TileKey: [UInt8]] = [:]
        var leafIndexes: [Hash: UInt64] = [:]
        var checkpoints: [UInt64: [UInt8]] = [:]
        var metadata: [String: [UInt8]] = [:]
    }

    private let state = Mutex(State())

    /// Creates an empty store.
    public init() {}

    public func commit(_ change: StorageCommit) throws(LogStorageError) {
        try change.validate()
        try state.withLock { (state: inout State) throws(LogStorageError) in
            // Check every row against the current state first, then apply: all or nothing.
            var next = state
            for e in change.entries {
                if let old = next.entries[e.index], old != e.bytes {
                    throw LogStorageError(.rewrite, "entry \(e.index) is already stored with other bytes")
                }
                next.entries[e.index] = e.bytes
            }
            for t in change.tiles {
                let key = TileKey(level: t.level, index: t.index)
                try StorageCommit.checkGrowth(old: next.tiles[key], new: t.data, what: "tile \(t.level)/\(t.index)")
                next.tiles[key] = t.data
            }
            for row in change.leafIndexes {
                if let old = next.leafIndexes[row.leafHash], old != row.index {
                    throw LogStorageError(.rewrite, "leaf hash \(row.leafHash) already maps to index \(old)")
                }
                next.leafIndexes[row.leafHash] = row.index
            }
            for c in change.checkpoints { next.checkpoints[c.treeSize] = c.note }
            for m in change.metadata { next.metadata[m.key] = m.value }
            state = next
        }
    }

    public func entries(from start: UInt64, count: Int) -> [[UInt8]] {
        state.withLock { state in
            var out: [[UInt8]] = []
            var i = start
            while out.count < count, let e = state.entries[i] {
                out.append(e)
                i += 1
            }
            return out
        }
    }

    public func tileData(level: Int, index: UInt64) -> [UInt8]? {
        state.withLock { $0.tiles[TileKey(level: level, index: index)] }
    }

    public func index(ofLeafHash leafHash: Hash) -> UInt64? {
        state.withLock { $0.leafIndexes[leafHash] }
    }

    public func checkpoint(treeSize: UInt64) -> [UInt8]? {
        state.withLock { $0.checkpoints[treeSize] }
    }

    public func checkpoint(atLeast treeSize: UInt64) -> (treeSize: UInt64, note: [UInt8])? {
        state.withLock { state in
            state.checkpoints.filter { $0.key >= treeSize }.min { $0.key < $1.key }.map { ($0.key, $0.value) }
        }
    }

    public func latestCheckpoint() -> (treeSize: UInt64, note: [UInt8])? {
        state.withLock { state in
            state.checkpoints.max { $0.key < $1.key }.map { ($0.key, $0.value) }
        }
    }

    public func metadata(_ key: String) -> [UInt8]? {
        state.withLock { $0.metadata[key] }
    }
}
