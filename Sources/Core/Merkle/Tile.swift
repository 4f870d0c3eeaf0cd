// c2sp.org/tlog-tiles: tiles of height 8.
//
// The n-th tile at level l holds, for i in 0..<width, MTH(D[(n·256 + i)·256^l ..< (n·256 + i + 1)·256^l]):
// 256 consecutive hashes at height 8·l above the leaves when full, fewer when partial. The tree
// levels between two tile levels are recomputed by hashing a tile's hashes.

/// The coordinates of a tlog-tiles tile: its level, its index within the level and its width.
///
/// Every value is a tile the c2sp.org/tlog-tiles path grammar can name: level 0...63, width
/// 1...256 (256 is a full tile). A level-0 tile's coordinates also name the entry bundle of the
/// same leaves (see ``TilePath``).
public struct Tile: Hashable, Sendable {
    /// The height of every tile: 8 levels of the tree, so a full tile holds 2^8 hashes.
    public static let height = 8
    /// The number of hashes in a full tile: 256.
    public static let fullWidth = 256
    /// The highest level a tile path may name (c2sp.org/tlog-tiles: "between 0 and 63").
    public static let maxLevel = 63

    /// The tile's level: its hashes are at height `8 · level` above the leaves.
    public let level: Int
    /// The tile's index within its level, counting from 0 at the left of the tree.
    public let index: UInt64
    /// The number of hashes in the tile, 1...256.
    public let width: Int

    /// Creates a tile; throws ``MerkleError/Code/badTile`` unless `level` is 0...63 and `width`
    /// is 1...256.
    public init(level: Int, index: UInt64, width: Int = Tile.fullWidth) throws(MerkleError) {
        guard (0...Tile.maxLevel).contains(level) else {
            throw MerkleError(.badTile, "tile level \(level) is not 0...\(Tile.maxLevel)")
        }
        guard (1...Tile.fullWidth).contains(width) else {
            throw MerkleError(.badTile, "tile width \(width) is not 1...\(Tile.fullWidth)")
        }
        self.init(unchecked: level, index, width)
    }

    init(unchecked level: Int, _ index: UInt64, _ width: Int) {
        precondition(
            (0...Tile.maxLevel).contains(level) && (1...Tile.fullWidth).contains(width),
            "Merkle: bad tile math")
        self.level = level
        self.index = index
        self.width = width
    }

    /// Whether the tile holds all 256 hashes.
    public var isFull: Bool { width == Tile.fullWidth }

    /// The number of bytes of the tile's data: 32 per hash.
    public var byteCount: Int { width * Hash.count }
}

// MARK: - Tiles in a tree

extension Tile {
    /// The number of hashes at tile level `level` in a tree of `treeSize` leaves:
    /// ⌊treeSize / 256^level⌋.
    static func hashCount(level: Int, treeSize: UInt64) -> UInt64 {
        treeSize >> UInt64(Tile.height * level)  // Swift's >> gives 0 for shifts ≥ 64.
    }

    /// The widest version of tile `(level, index)` in a tree of `treeSize` leaves, or nil if that
    /// tree has no hashes in it.
    static func inTree(level: Int, index: UInt64, treeSize: UInt64) -> Tile? {
        let count = hashCount(level: level, treeSize: treeSize)
        let first = index << UInt64(Tile.height)
        guard index >> UInt64(64 - Tile.height) == 0, first < count else { return nil }
        return Tile(unchecked: level, index, Int(min(UInt64(Tile.fullWidth), count - first)))
    }

    /// Whether this tile, at its width, is published for a tree of `treeSize` leaves: a full
    /// tile once all its hashes exist, a partial tile of width W when the tree has exactly
    /// `index · 256 + W` hashes at its level (c2sp.org/tlog-tiles, "Partial Tiles").
    ///
    /// Defined for every tile and size; never traps.
    public func exists(inTreeOfSize treeSize: UInt64) -> Bool {
        guard let widest = Tile.inTree(level: level, index: index, treeSize: treeSize) else { return false }
        return isFull ? widest.isFull : widest.width == width
    }

    /// The tiles a log publishes, or rewrites, when its tree grows from `oldSize` to `newSize`
    /// leaves: at every level, each tile that became full, then the partial tile of the new
    /// tree if it has one and it changed. Ordered by level, then index.
    ///
    /// A partial tile is a prefix of the full tile it grows into (DESIGN.md §6), so only the
    /// partial tile at `newSize` is listed, not every width in between. Traps unless
    /// `oldSize ≤ newSize`.
    public static func newTiles(from oldSize: UInt64, to newSize: UInt64) -> [Tile] {
        precondition(oldSize <= newSize, "Merkle: a tree cannot shrink from \(oldSize) to \(newSize)")
        var tiles: [Tile] = []
        var level = 0
        while level <= Tile.maxLevel && hashCount(level: level, treeSize: newSize) > 0 {
            let oldCount = hashCount(level: level, treeSize: oldSize)
            let newCount = hashCount(level: level, treeSize: newSize)
            if newCount > oldCount {
                // Tiles from the one that was partial (or empty) at oldSize up to the last
                // full one at newSize.
                for n in (oldCount >> 8)..<(newCount >> 8) {
                    tiles.append(Tile(unchecked: level, n, Tile.fullWidth))
                }
                let partial = Int(newCount & 0xff)
                if partial > 0 {
                    tiles.append(Tile(unchecked: level, newCount >> 8, partial))
                }
            }
            level += 1
        }
        return tiles
    }
}

// MARK: - Stored hashes in tiles

extension Tile {
    /// The tile of least width that holds the hash with stored-hash index `storedIndex`, and
    /// the range of tile hashes whose subtree hash it is.
    ///
    /// A stored hash at height `8·L + j` (0 ≤ j < 8) is the root of 2^j consecutive hashes of a
    /// level-L tile.
    static func locate(storedIndex: UInt64) -> (tile: Tile, hashes: Range<Int>) {
        let (hashLevel, n) = splitStoredHashIndex(storedIndex)
        let level = hashLevel / Tile.height
        let j = hashLevel % Tile.height
        let firstHash = n << UInt64(j)  // at height 8·level
        let tileIndex = firstHash >> UInt64(Tile.height)
        let start = Int(firstHash & 0xff)
        let end = start + (1 << j)
        return (Tile(unchecked: level, tileIndex, end), start..<end)
    }

    /// The tile of least width that holds the hash with stored-hash index `storedIndex`.
    ///
    /// Any wider tile with the same level and index holds it too.
    public static func containing(storedHashIndex storedIndex: UInt64) -> Tile {
        locate(storedIndex: storedIndex).tile
    }

    /// Reads the hash with stored-hash index `storedIndex` out of this tile's data.
    ///
    /// `data` must be exactly ``byteCount`` bytes. Hashes at a tile level are read directly;
    /// hashes between tile levels are recomputed from the tile hashes below them. Throws
    /// ``MerkleError/Code/badTileData`` if `data` has the wrong length or the hash is not in
    /// this tile.
    public func hash(storedHashIndex storedIndex: UInt64, data: [UInt8]) throws(MerkleError) -> Hash {
        guard data.count == byteCount else {
            throw MerkleError(.badTileData, "tile \(TilePath.hashes(self)) has \(data.count) bytes, not \(byteCount)")
        }
        let (home, range) = Tile.locate(storedIndex: storedIndex)
        guard home.level == level, home.index == index, home.width <= width else {
            throw MerkleError(
                .badTileData, "stored hash \(storedIndex) is in tile \(TilePath.hashes(home)), not \(TilePath.hashes(self))")
        }
        return Tile.subtreeHash(data, range)
    }

    /// MTH over the tile hashes in `range` (a power-of-two count, aligned), from tile data.
    static func subtreeHash(_ data: [UInt8], _ range: Range<Int>) -> Hash {
        precondition(!range.isEmpty && range.upperBound * Hash.count <= data.count, "Merkle: bad tile math")
        if range.count == 1 {
            return Hash { out in
                data.withUnsafeBytes { raw in
                    out.copyMemory(from: raw.baseAddress! + range.lowerBound * Hash.count, byteCount: Hash.count)
                }
            }
        }
        let mid = range.lowerBound + range.count / 2
        return Hash.node(
            subtreeHash(data, range.lowerBound..<mid), subtreeHash(data, mid..<range.upperBound))
    }

    /// The tile's data, built from stored hashes: its ``width`` hashes, 32 bytes each.
    ///
    /// Reads them in one call to `reader`; throws whatever the reader throws. Traps if the tile
    /// lies past a tree of ``maxTreeSize`` leaves.
    public func data(from reader: some HashReader) throws -> [UInt8] {
        let first = index << UInt64(Tile.height)
        let indexes = (0..<UInt64(width)).map {
            storedHashIndex(level: Tile.height * level, index: first + $0)
        }
        let hashes = try reader.readChecked(indexes)
        var out: [UInt8] = []
        out.reserveCapacity(byteCount)
        for h in hashes { h.withUnsafeBytes { out.append(contentsOf: $0) } }
        return out
    }
}
