import Merkle
import Testing

@Suite struct TileTests {
    static func tile(_ level: Int, _ index: UInt64, _ width: Int = 256) -> Tile {
        try! Tile(level: level, index: index, width: width)
    }

    /// Every tile a tree of `size` leaves publishes: the full tiles and the partial one at each
    /// level, straight from the c2sp.org/tlog-tiles definition.
    static func published(_ size: UInt64) -> Set<Tile> {
        var tiles: Set<Tile> = []
        var level = 0
        var count = size
        while count > 0 {
            for n in 0..<(count / 256) { tiles.insert(tile(level, n)) }
            if count % 256 != 0 { tiles.insert(tile(level, count / 256, Int(count % 256))) }
            count /= 256
            level += 1
        }
        return tiles
    }

    /// c2sp.org/tlog-tiles: "a tree of size 70,000 will be represented by 273 full level 0
    /// tiles, one partial level 0 tile of width 112, one full level 1 tile, one partial level 1
    /// tile of width 17, and one partial level 2 tile of width 1."
    @Test func specExamples() {
        let tiles = Tile.newTiles(from: 0, to: 70_000)
        #expect(tiles.count == 273 + 1 + 1 + 1 + 1)
        #expect(tiles.filter { $0.level == 0 && $0.isFull }.count == 273)
        #expect(tiles.contains(Self.tile(0, 273, 112)))
        #expect(tiles.contains(Self.tile(1, 0)))
        #expect(tiles.contains(Self.tile(1, 1, 17)))
        #expect(tiles.contains(Self.tile(2, 0, 1)))
        #expect(Set(tiles) == Self.published(70_000))
        // "a tree of size 256 will be represented by a full level 0 tile and a partial level 1
        // tile of width 1."
        #expect(Tile.newTiles(from: 0, to: 256) == [Self.tile(0, 0), Self.tile(1, 0, 1)])
    }

    @Test func newTilesTable() {
        #expect(Tile.newTiles(from: 0, to: 0) == [])
        #expect(Tile.newTiles(from: 5, to: 5) == [])
        #expect(Tile.newTiles(from: 0, to: 1) == [Self.tile(0, 0, 1)])
        #expect(Tile.newTiles(from: 1, to: 2) == [Self.tile(0, 0, 2)])
        #expect(Tile.newTiles(from: 255, to: 256) == [Self.tile(0, 0), Self.tile(1, 0, 1)])
        // The level-1 tile is still one hash wide: unchanged, not listed.
        #expect(Tile.newTiles(from: 256, to: 257) == [Self.tile(0, 1, 1)])
        #expect(Tile.newTiles(from: 300, to: 1000) == [Self.tile(0, 1), Self.tile(0, 2), Self.tile(0, 3, 232), Self.tile(1, 0, 3)])
        #expect(Tile.newTiles(from: 65535, to: 65536) == [Self.tile(0, 255), Self.tile(1, 0), Self.tile(2, 0, 1)])
    }

    /// newTiles(m, n) is exactly the tiles the tree of n publishes that the tree of m did not.
    @Test func newTilesIsTheDifferenceOfPublishedSets() {
        let sizes: [UInt64] = [0, 1, 2, 255, 256, 257, 511, 512, 513, 65535, 65536, 65537, 65792, 70000, 131_072, 131_329]
        for m in sizes {
            for n in sizes where n >= m {
                let expected = Self.published(n).subtracting(Self.published(m))
                let got = Tile.newTiles(from: m, to: n)
                #expect(Set(got) == expected, "\(m) → \(n)")
                #expect(got.count == expected.count)
                #expect(got == got.sorted { ($0.level, $0.index) < ($1.level, $1.index) })
            }
        }
    }

    @Test func exists() {
        #expect(Self.tile(0, 0, 5).exists(inTreeOfSize: 5))
        #expect(!Self.tile(0, 0, 5).exists(inTreeOfSize: 6))
        #expect(!Self.tile(0, 0).exists(inTreeOfSize: 255))
        #expect(Self.tile(0, 0).exists(inTreeOfSize: 256))
        #expect(Self.tile(0, 0).exists(inTreeOfSize: 100_000))
        #expect(Self.tile(1, 0, 1).exists(inTreeOfSize: 256))
        #expect(!Self.tile(1, 0, 1).exists(inTreeOfSize: 255))
        #expect(!Self.tile(63, .max).exists(inTreeOfSize: .max))
        #expect(!Self.tile(0, .max).exists(inTreeOfSize: .max))
        #expect(Self.tile(7, 0, 255).exists(inTreeOfSize: .max))
        for size in [UInt64(0), 1, 256, 300, 65536, 70000] {
            for t in Self.published(size) { #expect(t.exists(inTreeOfSize: size)) }
        }
    }

    /// Every stored hash of a 300-leaf tree reads back out of the tile that holds it.
    @Test func hashesReadBackFromTiles() throws {
        let t = TestTree.shared
        let size = UInt64(TestTree.maxSize)
        var data: [Tile: [UInt8]] = [:]
        for tile in Self.published(size) { data[tile] = try tile.data(from: t.stored) }
        for x in 0..<UInt64(t.stored.count) {
            let minimal = Tile.containing(storedHashIndex: x)
            let tile = try #require(data.keys.first { $0.level == minimal.level && $0.index == minimal.index && $0.width >= minimal.width })
            #expect(try tile.hash(storedHashIndex: x, data: data[tile]!) == t.stored[Int(x)])
        }
        // The level-0 tile at index 0 holds leaf 0; the level-8 hash is in the level-1 tile.
        #expect(Tile.containing(storedHashIndex: 0) == Self.tile(0, 0, 1))
        #expect(Tile.containing(storedHashIndex: storedHashIndex(level: 8, index: 0)) == Self.tile(1, 0, 1))
        #expect(Tile.containing(storedHashIndex: storedHashIndex(level: 3, index: 33)) == Self.tile(0, 1, 16))

        let full = Self.tile(0, 0)
        let bytes = data[full]!
        #expect(throws: MerkleError(.badTileData, "")) { try full.hash(storedHashIndex: 0, data: Array(bytes.dropLast())) }
        #expect(throws: MerkleError(.badTileData, "")) { try full.hash(storedHashIndex: 0, data: bytes + [0]) }
        // Leaf 256 is in tile 1, not tile 0; a too-narrow tile cannot hold leaf 10.
        #expect(throws: MerkleError(.badTileData, "")) { try full.hash(storedHashIndex: storedHashIndex(level: 0, index: 256), data: bytes) }
        let narrow = Self.tile(0, 0, 4)
        #expect(throws: MerkleError(.badTileData, "")) { try narrow.hash(storedHashIndex: storedHashIndex(level: 0, index: 10), data: Array(bytes.prefix(128))) }
    }
}
