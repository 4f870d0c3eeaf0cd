import Merkle
import Testing

/// Serves tiles built from stored hashes, optionally tampered with, and records what the hash
/// reader asked for and saved.
final class MemoryTileReader: TileReader {
    let stored: [Hash]
    var tamper: (Tile, inout [UInt8]) -> Void = { _, _ in }
    var reads: [[Tile]] = []
    var saves: [[Tile]] = []

    init(stored: [Hash]) { self.stored = stored }

    func readTiles(_ tiles: [Tile]) throws -> [[UInt8]] {
        reads.append(tiles)
        return try tiles.map { tile in
            var data = try tile.data(from: stored)
            tamper(tile, &data)
            return data
        }
    }

    func saveTiles(_ tiles: [Tile], data: [[UInt8]]) { saves.append(tiles) }
}

@Suite struct TileHashReaderTests {
    /// A tree with a full level-1 tile and partial tiles at levels 0, 1 and 2.
    static let big: (stored: [Hash], size: UInt64) = {
        var stored: [Hash] = []
        let size: UInt64 = 65_536 + 256 * 3 + 77
        for i in 0..<size {
            stored += try! storedHashes(index: i, entry: Array("entry \(i)".utf8), reader: stored)
        }
        return (stored, size)
    }()

    func reader(_ stored: [Hash], _ size: UInt64) throws -> (TileHashReader<MemoryTileReader>, MemoryTileReader) {
        let tiles = MemoryTileReader(stored: stored)
        let root = try treeHash(size: size, reader: stored)
        return (TileHashReader(treeSize: size, rootHash: root, tileReader: tiles), tiles)
    }

    @Test func proofsThroughTilesMatchProofsFromStoredHashes() throws {
        for (stored, size) in [(TestTree.shared.stored, UInt64(300)), (Self.big.stored, Self.big.size)] {
            let (hashReader, tiles) = try reader(stored, size)
            let root = try treeHash(size: size, reader: stored)
            #expect(try treeHash(size: size, reader: hashReader) == root)
            for i in [0, 1, 255, 256, size / 2, size - 257, size - 2, size - 1] {
                let direct = try InclusionProof(leafIndex: i, treeSize: size, reader: stored)
                #expect(try InclusionProof(leafIndex: i, treeSize: size, reader: hashReader) == direct)
                try direct.verify(leafHash: stored[Int(storedHashIndex(level: 0, index: i))], rootHash: root)
            }
            for m in [1, 2, 255, 256, 257, size / 3, size - 1, size] {
                let direct = try ConsistencyProof(oldSize: m, newSize: size, reader: stored)
                #expect(try ConsistencyProof(oldSize: m, newSize: size, reader: hashReader) == direct)
            }
            // Every read was followed by a save of exactly the tiles read.
            #expect(tiles.reads == tiles.saves)
            #expect(!tiles.reads.isEmpty)
        }
    }

    /// The right-edge gap in golang.org/x/mod/sumdb/tlog's tileHashReader, which this reader
    /// closes.
    ///
    /// For a tree of 300 leaves the root is made of four subtrees: leaves 0..<256 (a level-8
    /// hash in tile/1/000.p/1) and 256..<288, 288..<296, 296..<300 (all three in
    /// tile/0/001.p/44). To read leaf 0, Go plans the tiles [tile/1/000.p/1, tile/0/001.p/44,
    /// tile/0/000]. It checks the first two against the root, then checks "the rest" against
    /// their parents starting at position len(root subtrees) = 4 of that list. The list has only
    /// three tiles, because three subtrees share one right-edge tile, so the full tile
    /// tile/0/000 is never checked: Go returns a tampered leaf 0 (and saves the tampered tile).
    /// Here the same tampering is rejected and nothing is saved.
    @Test func rejectsTamperedFullTileThatGoWouldAccept() throws {
        let t = TestTree.shared
        let (hashReader, tiles) = try reader(t.stored, 300)
        tiles.tamper = { tile, data in
            if tile == (try! Tile(level: 0, index: 0)) { data[0] ^= 1 }
        }
        #expect(throws: MerkleError(.inconsistentTile, "")) { try hashReader.readHashes([0]) }
        #expect(tiles.reads == [[try Tile(level: 0, index: 1, width: 44), try Tile(level: 1, index: 0, width: 1), try Tile(level: 0, index: 0)]])
        #expect(tiles.saves.isEmpty)
        // Untampered, the same read succeeds and returns leaf 0's hash.
        tiles.tamper = { _, _ in }
        #expect(try hashReader.readHashes([0]) == [t.leaves[0]])
    }

    /// Flipping any bit of any byte of any tile a read uses makes the read fail.
    @Test func everyTamperedByteIsDetected() throws {
        let t = TestTree.shared
        let (hashReader, tiles) = try reader(t.stored, 300)
        let wanted: [UInt64] = [0, storedHashIndex(level: 0, index: 299)]
        _ = try hashReader.readHashes(wanted)
        let used = tiles.reads[0]
        var attempts = 0
        for target in used {
            for byte in 0..<target.byteCount {
                tiles.tamper = { tile, data in if tile == target { data[byte] ^= UInt8(1 << (byte % 8)) } }
                #expect(throws: MerkleError(.inconsistentTile, "")) { try hashReader.readHashes(wanted) }
                attempts += 1
            }
        }
        #expect(attempts == 32 * (256 + 44 + 1))
        #expect(tiles.saves.count == 1)
    }

    /// The same over a larger tree, with a full level-1 tile between a leaf and the right edge,
    /// sampling bytes.
    @Test func tamperingInABiggerTreeIsDetected() throws {
        let (stored, size) = Self.big
        let (hashReader, tiles) = try reader(stored, size)
        let wanted: [UInt64] = [storedHashIndex(level: 0, index: 1000), storedHashIndex(level: 3, index: 9), storedHashIndex(level: 0, index: size - 1)]
        let good = try hashReader.readHashes(wanted)
        #expect(good == wanted.map { stored[Int($0)] })
        let used = tiles.reads[0]
        #expect(used.contains(try Tile(level: 1, index: 0)))
        #expect(used.contains(try Tile(level: 2, index: 0, width: 1)))
        for target in used {
            for byte in stride(from: target.byteCount - 1, through: 0, by: -97) {
                tiles.tamper = { tile, data in if tile == target { data[byte] ^= 0x80 } }
                #expect(throws: MerkleError(.inconsistentTile, "")) { try hashReader.readHashes(wanted) }
            }
        }
        #expect(tiles.saves.count == 1)
    }

    @Test func badTileReadersAndIndexesAreRejected() throws {
        let t = TestTree.shared
        let (hashReader, tiles) = try reader(t.stored, 300)
        #expect(throws: MerkleError(.indexOutOfRange, "")) { try hashReader.readHashes([storedHashCount(treeSize: 300)]) }
        #expect(try hashReader.readHashes([]) == [])
        tiles.tamper = { _, data in data.removeLast() }
        #expect(throws: MerkleError(.badTileData, "")) { try hashReader.readHashes([0]) }
        tiles.tamper = { _, data in data += [0] }
        #expect(throws: MerkleError(.badTileData, "")) { try hashReader.readHashes([0]) }
        // A root that does not match the tiles.
        let wrongRoot = TileHashReader(treeSize: 300, rootHash: t.roots[299], tileReader: MemoryTileReader(stored: t.stored))
        #expect(throws: MerkleError(.inconsistentTile, "")) { try wrongRoot.readHashes([0]) }
        let tooBig = TileHashReader(treeSize: maxTreeSize + 1, rootHash: t.roots[1], tileReader: MemoryTileReader(stored: t.stored))
        #expect(throws: MerkleError(.treeTooLarge, "")) { try tooBig.readHashes([0]) }
        let empty = TileHashReader(treeSize: 0, rootHash: .emptyTree, tileReader: MemoryTileReader(stored: []))
        #expect(throws: MerkleError(.indexOutOfRange, "")) { try empty.readHashes([0]) }
        #expect(tiles.saves.isEmpty)
    }
}
