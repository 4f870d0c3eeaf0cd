public import Merkle
internal import RocksDB

/// The embedded default ``LogStorage``: one RocksDB database in the log's data directory.
///
/// Column families and keys (all integers big-endian, so key order is numeric order and a range
/// of entries is one iterator seek):
///
/// | column family | key | value |
/// | --- | --- | --- |
/// | `entries` | index (8 bytes) | the entry |
/// | `tiles` | level (1 byte) ‖ tile index (8 bytes) | the tile's hashes, grown in place |
/// | `leaf_index` | RFC 6962 leaf hash (32 bytes) | index (8 bytes) |
/// | `checkpoints` | tree size (8 bytes) | the signed checkpoint note |
/// | `metadata` | UTF-8 key | value |
///
/// A commit is one synced RocksDB `WriteBatch`: RocksDB applies a batch atomically and, with
/// `sync`, fsyncs its write-ahead log before `write` returns, so `commit` is atomic and durable.
/// The rewrite checks read the current rows before the batch is written; they are sound because
/// the store has one writer (the ``LogStorage`` contract).
public final class RocksLogStorage: LogStorage {
    private let db: RocksDatabase

    static let columnFamilies = ["entries", "tiles", "leaf_index", "checkpoints", "metadata"]

    /// Opens (creating if missing) the store in `directory`. Throws
    /// ``LogStorageError/Code/locked`` when another process has it open.
    public init(directory: String, blockCacheBytes: Int = 256 << 20) throws(LogStorageError) {
        do {
            db = try RocksDatabase(path: directory, columnFamilies: Self.columnFamilies, blockCacheBytes: blockCacheBytes)
        } catch {
            throw LogStorageError(error.code == .locked ? .locked : .io, error.message)
        }
    }

    public func commit(_ change: StorageCommit) throws(LogStorageError) {
        try change.validate()
        try io {
            let batch = RocksWriteBatch(for: db)
            for e in change.entries {
                let key = Self.key(e.index)
                if let old = try db.get(key, in: "entries"), old != e.bytes {
                    throw LogStorageError(.rewrite, "entry \(e.index) is already stored with other bytes")
                }
                try batch.put(key, e.bytes, in: "entries")
            }
            for t in change.tiles {
                let key = Self.tileKey(t.level, t.index)
                try StorageCommit.checkGrowth(old: db.get(key, in: "tiles"), new: t.data, what: "tile \(t.level)/\(t.index)")
                try batch.put(key, t.data, in: "tiles")
            }
            for row in change.leafIndexes {
                let key = row.leafHash.bytes
                if let old = try db.get(key, in: "leaf_index"), old != Self.key(row.index) {
                    throw LogStorageError(.rewrite, "leaf hash \(row.leafHash) already maps to another index")
                }
                try batch.put(key, Self.key(row.index), in: "leaf_index")
            }
            for c in change.checkpoints { try batch.put(Self.key(c.treeSize), c.note, in: "checkpoints") }
            for m in change.metadata { try batch.put(Array(m.key.utf8), m.value, in: "metadata") }
            try db.write(batch, sync: true)
        }
    }

    public func entries(from start: UInt64, count: Int) throws(LogStorageError) -> [[UInt8]] {
        try io {
            var out: [[UInt8]] = []
            var expected = start
            for row in try db.scan("entries", from: Self.key(start), limit: count) {
                guard row.key == Self.key(expected) else { break }
                out.append(row.value)
                expected += 1
            }
            return out
        }
    }

    public func tileData(level: Int, index: UInt64) throws(LogStorageError) -> [UInt8]? {
        try io { try db.get(Self.tileKey(level, index), in: "tiles") }
    }

    public func index(ofLeafHash leafHash: Hash) throws(LogStorageError) -> UInt64? {
        try io { try db.get(leafHash.bytes, in: "leaf_index").map { try Self.integer($0) } }
    }

    public func checkpoint(treeSize: UInt64) throws(LogStorageError) -> [UInt8]? {
        try io { try db.get(Self.key(treeSize), in: "checkpoints") }
    }

    public func checkpoint(atLeast treeSize: UInt64) throws(LogStorageError) -> (treeSize: UInt64, note: [UInt8])? {
        try io {
            guard let row = try db.scan("checkpoints", from: Self.key(treeSize), limit: 1).first else { return nil }
            return (try Self.integer(row.key), row.value)
        }
    }

    public func latestCheckpoint() throws(LogStorageError) -> (treeSize: UInt64, note: [UInt8])? {
        try io {
            guard let last = try db.last(in: "checkpoints") else { return nil }
            return (try Self.integer(last.key), last.value)
        }
    }

    public func metadata(_ key: String) throws(LogStorageError) -> [UInt8]? {
        try io { try db.get(Array(key.utf8), in: "metadata") }
    }

    // MARK: - Keys

    static func key(_ n: UInt64) -> [UInt8] {
        withUnsafeBytes(of: n.bigEndian) { Array($0) }
    }

    static func tileKey(_ level: Int, _ index: UInt64) -> [UInt8] {
        [UInt8(level)] + key(index)
    }

    static func integer(_ bytes: [UInt8]) throws(LogStorageError) -> UInt64 {
        guard bytes.count == 8 else {
            throw LogStorageError(.corrupt, "a stored integer is 8 bytes, not \(bytes.count)")
        }
        return bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// Runs `body`, turning RocksDB failures into ``LogStorageError/Code/io``.
    private func io<R>(_ body: () throws -> R) throws(LogStorageError) -> R {
        do {
            return try body()
        } catch let error as LogStorageError {
            throw error
        } catch {
            throw LogStorageError(.io, "\(error)")
        }
    }
}
