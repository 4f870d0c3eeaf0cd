// The storage seam of the log (DESIGN.md §6). The sequencer is its only writer; HTTP readers,
// the witness client and audits read concurrently.
public import Merkle

/// Durable storage for one log: entries by index, hash tiles by (level, index), the dedup index,
/// checkpoint history by tree size, and metadata.
///
/// Contract, for every implementation (checked by the shared conformance suite):
/// - ``commit(_:)`` is atomic and durable when it returns: after a crash, either every row of the
///   commit is visible or none is, and once it has returned, all of them survive a crash.
/// - Stored data only grows. A commit that would change an entry already stored, or a hash
///   already stored in a tile, is refused with ``LogStorageError/Code/rewrite`` and changes
///   nothing. Tiles grow in place: the partial tile of width `w` is the first `w` hashes of the
///   stored tile, so every partial tile ever served stays servable.
/// - A commit that is refused for any reason changes nothing.
/// - There is one writer: `commit` must not be called concurrently. Reads may run concurrently
///   with each other and with a commit, and see each commit either wholly or not at all.
/// - Every method may block on disk I/O; call them off event loops.
public protocol LogStorage: AnyObject, Sendable {
    /// Applies `change` atomically and durably, or throws and applies nothing.
    func commit(_ change: StorageCommit) throws(LogStorageError)

    /// Returns the entries with indexes `start ..< start + count` that are stored, in order,
    /// stopping at the first index that is not stored.
    func entries(from start: UInt64, count: Int) throws(LogStorageError) -> [[UInt8]]

    /// Returns the stored hashes of the tile at (`level`, `index`): 32 bytes per hash, between 1
    /// and 256 hashes, or nil when the tile holds none.
    func tileData(level: Int, index: UInt64) throws(LogStorageError) -> [UInt8]?

    /// Returns the index of the entry whose RFC 6962 leaf hash is `leafHash`, or nil.
    func index(ofLeafHash leafHash: Hash) throws(LogStorageError) -> UInt64?

    /// Returns the checkpoint stored for `treeSize`, or nil.
    func checkpoint(treeSize: UInt64) throws(LogStorageError) -> [UInt8]?

    /// Returns the stored checkpoint with the smallest tree size that is at least `treeSize`, or
    /// nil when there is none: the first checkpoint that covers the entry at index
    /// `treeSize - 1`.
    func checkpoint(atLeast treeSize: UInt64) throws(LogStorageError) -> (treeSize: UInt64, note: [UInt8])?

    /// Returns the stored checkpoint with the largest tree size, or nil when there is none.
    func latestCheckpoint() throws(LogStorageError) -> (treeSize: UInt64, note: [UInt8])?

    /// Returns the metadata value stored under `key`, or nil.
    func metadata(_ key: String) throws(LogStorageError) -> [UInt8]?
}

extension LogStorage {
    /// Returns the first `width` hashes of the tile at (`level`, `index`) — the partial tile of
    /// that width — or nil when fewer than `width` hashes are stored.
    public func tileData(level: Int, index: UInt64, width: Int) throws(LogStorageError) -> [UInt8]? {
        guard let data = try tileData(level: level, index: index), data.count >= width * Hash.count else {
            return nil
        }
        return Array(data.prefix(width * Hash.count))
    }
}
