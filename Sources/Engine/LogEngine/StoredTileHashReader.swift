// Reading stored hashes out of the log's own tiles. The log trusts its storage (it wrote it):
// tiles are not authenticated here, which is exactly what makes this a second path to the root
// (sequencing computes it from the compact range; this recomputes it from what was stored).
import LogStorage
import Merkle

/// A ``HashReader`` over the tiles of a ``LogStorage``.
///
/// Each hash is read from the narrowest tile that holds it, as a prefix of the stored tile (tiles
/// grow in place), and hashes between tile levels are recomputed from the tile below. A hash
/// that is not stored throws ``LogEngineError/Code/storage``. With a ``FullTileCache``, full
/// tiles above level 0 come from memory when they can (the second-path root check and start-up
/// checks read storage only).
struct StoredTileHashReader: HashReader {
    let storage: any LogStorage
    var cache: FullTileCache? = nil

    func readHashes(_ indexes: [UInt64]) throws -> [Hash] {
        // One read per distinct (level, index): the widest prefix any of the hashes needs.
        var needed: [TileKey: Int] = [:]
        let homes = indexes.map { Tile.containing(storedHashIndex: $0) }
        for tile in homes {
            let key = TileKey(level: tile.level, index: tile.index)
            needed[key] = max(needed[key] ?? 0, tile.width)
        }
        var data: [TileKey: [UInt8]] = [:]
        for (key, width) in needed {
            if width == Tile.fullWidth, let cached = cache?.tile(level: key.level, index: key.index) {
                data[key] = cached
                continue
            }
            guard let bytes = try storage.tileData(level: key.level, index: key.index, width: width) else {
                throw LogEngineError(.storage, "tile \(key.level)/\(key.index) holds fewer than \(width) hashes")
            }
            cache?.keep(level: key.level, index: key.index, data: bytes)
            data[key] = bytes
        }
        return try zip(indexes, homes).map { x, tile in
            let stored = data[TileKey(level: tile.level, index: tile.index)]!
            return try tile.hash(storedHashIndex: x, data: Array(stored.prefix(tile.byteCount)))
        }
    }

    private struct TileKey: Hashable {
        var level: Int
        var index: UInt64
    }
}
