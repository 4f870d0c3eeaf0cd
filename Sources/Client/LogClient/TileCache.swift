public import Merkle
import Synchronization

/// The tile reader of ``LogClient/withTiles(_:_:)``: it answers from tiles fetched so far, and
/// throws ``Missing`` with the whole list it was asked for when any is not there yet. The
/// untrusted data it holds is only used through a ``TileHashReader``, which authenticates it.
public final class TileCache: TileReader, Sendable {
    /// Thrown when tiles are not fetched yet.
    public struct Missing: Error {
        /// The tiles asked for.
        public let tiles: [Tile]
    }

    private let tiles = Mutex<[Tile: [UInt8]]>([:])

    init() {}

    func store(_ tile: Tile, _ data: [UInt8]) {
        tiles.withLock { $0[tile] = data }
    }

    public func readTiles(_ wanted: [Tile]) throws -> [[UInt8]] {
        let found = tiles.withLock { have in wanted.compactMap { have[$0] } }
        guard found.count == wanted.count else { throw Missing(tiles: wanted) }
        return found
    }
}
