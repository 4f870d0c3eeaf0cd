// Full tiles never change, so the ones above level 0 — one for every 65,536 entries — are kept
// in memory: a proof in a tree of 10^7 entries then reads from storage only its level-0 tile and
// the partial tiles at the right edge, as in a small tree.
import Merkle
import Synchronization

/// A bounded in-memory cache of full tiles at levels 1 and above, shared by the log's readers.
final class FullTileCache: Sendable {
    private struct Key: Hashable {
        var level: Int
        var index: UInt64
    }

    private let tiles = Mutex<[Key: [UInt8]]>([:])
    /// The most tiles held (8 KiB each): 64 MiB, the full tiles above level 0 of a log of about
    /// 500 million entries. Past it the cache starts over.
    static let capacity = 8192

    /// The cached full tile, if any.
    func tile(level: Int, index: UInt64) -> [UInt8]? {
        tiles.withLock { $0[Key(level: level, index: index)] }
    }

    /// Keeps `data` if it is a full tile above level 0.
    func keep(level: Int, index: UInt64, data: [UInt8]) {
        guard level >= 1, data.count == Tile.fullWidth * Hash.count else { return }
        tiles.withLock { tiles in
            if tiles.count >= Self.capacity { tiles.removeAll(keepingCapacity: true) }
            tiles[Key(level: level, index: index)] = data
        }
    }
}
