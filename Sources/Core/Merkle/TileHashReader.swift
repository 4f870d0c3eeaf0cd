// Reading stored hashes out of untrusted tiles, authenticated against a tree head.
//
// The rule: every tile the reader returns data from is authenticated before any hash is
// returned, and before the tile reader is told to save anything.
//
// - A partial tile (the right edge of the tree at its level) is authenticated by the tree
//   head's root hash: the root is recomputed from all of the tree's partial tiles, and the
//   subtrees that make up the root cover every hash of every partial tile.
// - A full tile is authenticated by its parent: the hash at level 8·(L+1) over the tile must
//   equal MTH of the tile's 256 hashes. Parents are checked before children, and every chain of
//   parents ends at a partial tile (the top level of any tree has fewer than 256 hashes).
//
// golang.org/x/mod/sumdb/tlog's tileHashReader authenticates full tiles against their parents
// only from position len(tree-hash indexes) of its tile list onwards. When several of the
// tree-hash subtrees share one right-edge tile, the list of distinct tiles is shorter than that
// count, so the first full tiles after the right-edge tiles are never checked (for a tree of 300
// leaves, reading leaf 0 accepts a tampered tile/0/000). Here each tile is checked by what it
// is, not by its position in a list.

/// A ``HashReader`` that reads hashes out of tiles and authenticates every tile it uses against
/// a tree head (size and root hash).
///
/// Any hash it returns is proven to be in the tree: a proof built from it is correct for the
/// tree head even if the tile source is hostile.
public struct TileHashReader<Reader: TileReader>: HashReader {
    /// The size of the trusted tree head.
    public let treeSize: UInt64
    /// The root hash of the trusted tree head.
    public let rootHash: Hash
    /// Where tiles come from: untrusted.
    public let tileReader: Reader

    /// Creates a reader for the tree of `treeSize` leaves with root `rootHash`, reading tiles
    /// from `tileReader`.
    public init(treeSize: UInt64, rootHash: Hash, tileReader: Reader) {
        self.treeSize = treeSize
        self.rootHash = rootHash
        self.tileReader = tileReader
    }

    /// Returns the hashes at `indexes`, read from tiles that were all authenticated first.
    ///
    /// Makes one ``TileReader/readTiles(_:)`` call, for the tiles that hold the hashes, their
    /// parents up to the right edge, and every right-edge (partial) tile; then, only if all of
    /// them check out, one ``TileReader/saveTiles(_:data:)`` call. Throws
    /// ``MerkleError/Code/indexOutOfRange`` for an index that is not in the tree,
    /// ``MerkleError/Code/treeTooLarge`` past ``maxTreeSize``, ``MerkleError/Code/badTileData``
    /// if the tile reader returns the wrong number of tiles or a tile of the wrong length,
    /// ``MerkleError/Code/inconsistentTile`` if any tile does not match the tree head, and
    /// whatever the tile reader throws.
    public func readHashes(_ indexes: [UInt64]) throws -> [Hash] {
        try checkTreeSize(treeSize)
        if indexes.isEmpty { return [] }
        let stored = storedHashCount(treeSize: treeSize)
        for x in indexes where x >= stored {
            throw MerkleError(.indexOutOfRange, "stored hash \(x) is not in a tree of size \(treeSize)")
        }

        // Plan. The right edge first: every partial tile of the tree.
        var tiles: [Tile] = []
        var position: [Tile: Int] = [:]
        func plan(_ tile: Tile) {
            if position[tile] == nil {
                position[tile] = tiles.count
                tiles.append(tile)
            }
        }
        var level = 0
        while level <= Tile.maxLevel && Tile.hashCount(level: level, treeSize: treeSize) > 0 {
            let count = Tile.hashCount(level: level, treeSize: treeSize)
            if count & 0xff != 0 { plan(Tile(unchecked: level, count >> 8, Int(count & 0xff))) }
            level += 1
        }
        // Then each hash's tile, widened to the tree, and its full ancestors.
        var homes: [Tile] = []
        homes.reserveCapacity(indexes.count)
        for x in indexes {
            let minimal = Tile.containing(storedHashIndex: x)
            var tile = widest(minimal.level, minimal.index)
            homes.append(tile)
            while tile.isFull && position[tile] == nil {
                plan(tile)
                tile = widest(tile.level + 1, tile.index >> 8)
            }
            precondition(position[tile] != nil, "Merkle: bad math in TileHashReader: lost a right-edge tile")
        }

        // Fetch.
        let data = try tileReader.readTiles(tiles)
        guard data.count == tiles.count else {
            throw MerkleError(.badTileData, "asked for \(tiles.count) tiles, the tile reader returned \(data.count)")
        }
        for (tile, d) in zip(tiles, data) where d.count != tile.byteCount {
            throw MerkleError(.badTileData, "tile \(tile.path) has \(d.count) bytes, not \(tile.byteCount)")
        }

        // Authenticate the right edge against the root hash.
        var subtrees: [UInt64] = []
        appendSubtreeIndexes(0, treeSize, to: &subtrees)
        var subtreeHashes: [Hash] = []
        for x in subtrees {
            let minimal = Tile.containing(storedHashIndex: x)
            let tile = widest(minimal.level, minimal.index)
            guard let i = position[tile], !tile.isFull else {
                preconditionFailure("Merkle: bad math in TileHashReader: a root subtree is not on the right edge")
            }
            subtreeHashes.append(try tile.hash(storedHashIndex: x, data: data[i]))
        }
        var cursor = 0
        guard subtreeHash(0, treeSize, subtreeHashes, &cursor) == rootHash else {
            throw MerkleError(.inconsistentTile, "the right-edge tiles do not match the tree head's root hash")
        }

        // Authenticate full tiles against their parents, highest level first, so that every
        // parent is authenticated before it vouches for a child.
        let full = tiles.indices.filter { tiles[$0].isFull }.sorted { tiles[$0].level > tiles[$1].level }
        for i in full {
            let tile = tiles[i]
            let parent = widest(tile.level + 1, tile.index >> 8)
            guard let p = position[parent] else {
                preconditionFailure("Merkle: bad math in TileHashReader: lost the parent of \(tile.path)")
            }
            let expected = try parent.hash(
                storedHashIndex: storedHashIndex(level: Tile.height * (tile.level + 1), index: tile.index),
                data: data[p])
            guard Tile.subtreeHash(data[i], 0..<Tile.fullWidth) == expected else {
                throw MerkleError(.inconsistentTile, "tile \(tile.path) does not match its parent tile")
            }
        }

        // Every tile is now either a partial tile checked against the root or a full tile
        // checked against an authenticated parent.
        tileReader.saveTiles(tiles, data: data)
        return try zip(indexes, homes).map { x, tile in
            try tile.hash(storedHashIndex: x, data: data[position[tile]!])
        }
    }

    /// The widest tile `(level, index)` in this tree; traps if the tree has no hashes there.
    private func widest(_ level: Int, _ index: UInt64) -> Tile {
        guard let tile = Tile.inTree(level: level, index: index, treeSize: treeSize) else {
            preconditionFailure("Merkle: bad math in TileHashReader: tile (\(level), \(index)) is not in the tree")
        }
        return tile
    }
}
