public import Merkle

/// Everything one sequencing round writes, applied by ``LogStorage/commit(_:)`` in one atomic,
/// durable step.
public struct StorageCommit: Sendable {
    /// New entries by index.
    public var entries: [(index: UInt64, bytes: [UInt8])] = []
    /// The new full contents of tiles: each either new or an extension of the stored tile.
    public var tiles: [(level: Int, index: UInt64, data: [UInt8])] = []
    /// New dedup rows: an entry's RFC 6962 leaf hash and its index.
    public var leafIndexes: [(leafHash: Hash, index: UInt64)] = []
    /// Checkpoints to store by tree size. A checkpoint stored earlier for the same size is
    /// replaced (a later copy carries more cosignatures over the same body).
    public var checkpoints: [(treeSize: UInt64, note: [UInt8])] = []
    /// Metadata values to set.
    public var metadata: [(key: String, value: [UInt8])] = []

    /// The largest entry the log stores (the entry-bundle length prefix is 16 bits).
    public static let maxEntryBytes = 65_535
    /// The largest tile: 256 hashes.
    public static let maxTileBytes = 256 * Hash.count

    /// Creates an empty commit.
    public init() {}

    /// Throws ``LogStorageError/Code/invalidCommit`` when a value is outside the stored formats'
    /// limits. Both stores call it before writing anything.
    func validate() throws(LogStorageError) {
        for e in entries where e.bytes.count > Self.maxEntryBytes {
            throw LogStorageError(.invalidCommit, "entry \(e.index) is \(e.bytes.count) bytes; the limit is 65535")
        }
        for t in tiles {
            guard (0...63).contains(t.level), !t.data.isEmpty, t.data.count <= Self.maxTileBytes,
                t.data.count % Hash.count == 0
            else {
                throw LogStorageError(.invalidCommit, "tile \(t.level)/\(t.index) has \(t.data.count) bytes, not 32…8192 in whole hashes")
            }
        }
    }

    /// Throws ``LogStorageError/Code/rewrite`` unless `new` extends `old` (or `old` is nil).
    static func checkGrowth(old: [UInt8]?, new: [UInt8], what: @autoclosure () -> String) throws(LogStorageError) {
        guard let old else { return }
        guard new.count >= old.count, new.prefix(old.count).elementsEqual(old) else {
            throw LogStorageError(.rewrite, "\(what()) is already stored with other bytes; stored data only grows")
        }
    }
}
