import Merkle
import Testing

@Suite struct TilePathTests {
    static func hashes(_ level: Int, _ index: UInt64, _ width: Int = 256) -> TilePath {
        .hashes(try! Tile(level: level, index: index, width: width))
    }
    static func entries(_ index: UInt64, _ width: Int = 256) -> TilePath {
        .entries(try! Tile(level: 0, index: index, width: width))
    }

    /// Valid paths, including the c2sp.org/tlog-tiles examples (index 1234067 is
    /// x001/x234/067), and what they name.
    static let valid: [(String, TilePath)] = [
        ("tile/0/000", hashes(0, 0)),
        ("tile/0/001", hashes(0, 1)),
        ("tile/0/999", hashes(0, 999)),
        ("tile/0/x001/000", hashes(0, 1000)),
        ("tile/0/x001/x234/067", hashes(0, 1_234_067)),
        ("tile/0/x001/x234/067.p/8", hashes(0, 1_234_067, 8)),
        ("tile/1/000.p/1", hashes(1, 0, 1)),
        ("tile/2/000.p/255", hashes(2, 0, 255)),
        ("tile/10/012.p/17", hashes(10, 12, 17)),
        ("tile/63/999", hashes(63, 999)),
        ("tile/0/x018/x446/x744/x073/x709/x551/615", hashes(0, UInt64.max)),
        ("tile/entries/000", entries(0)),
        ("tile/entries/x001/x234/067", entries(1_234_067)),
        ("tile/entries/x001/x234/067.p/8", entries(1_234_067, 8)),
        ("tile/entries/273.p/112", entries(273, 112)),
        ("tile/entries/x018/x446/x744/x073/x709/x551/615.p/255", entries(UInt64.max, 255)),
    ]

    /// Every way a path can be non-canonical or out of range.
    static let invalid: [String] = [
        "", "tile", "tile/", "tile/0", "tile/0/", "/tile/0/000", "tile/0/000/", "tile//0/000",
        "tiles/0/000", "Tile/0/000", "tile/0/000?x=1", " tile/0/000", "tile/0/000 ",
        // level
        "tile/00/000", "tile/01/000", "tile/64/000", "tile/100/000", "tile/-1/000", "tile/+1/000",
        "tile/1a/000", "tile/ 1/000", "tile/data/000", "tile/x/000", "tile/٠/000",
        // Go's x/mod layout, with a height element
        "tile/8/0/000", "tile/8/0/x001/234",
        // index groups
        "tile/0/0", "tile/0/00", "tile/0/0000", "tile/0/x000/001", "tile/0/x000/x001/002",
        "tile/0/001/002", "tile/0/x001", "tile/0/x001/x002", "tile/0/X001/002", "tile/0/x1/002",
        "tile/0/x0001/002", "tile/0/xx01/002", "tile/0/00a", "tile/0/-01", "tile/0/+01",
        "tile/0/x018/x446/x744/x073/x709/x551/616", "tile/0/x999/x999/x999/x999/x999/x999/999",
        "tile/0/x001/x002/x003/x004/x005/x006/x007/008",
        // partial widths
        "tile/0/000.p/0", "tile/0/000.p/256", "tile/0/000.p/01", "tile/0/000.p/", "tile/0/000.p",
        "tile/0/000.p/1/2", "tile/0/000.q/1", "tile/0/000p/1", "tile/0/000.p.p/1", "tile/0/x000.p/1",
        "tile/0/000.p/1000", "tile/0/000.p/-1", "tile/0/000.p/ 1", "tile/0/.p/1", "tile/0/x001.p/2",
        "tile/0/001.p/2/003", "tile/0/000.P/1",
        // entries
        "tile/entries", "tile/entries/", "tile/entries/00", "tile/entries/000.p/256",
        "tile/entries/0/000", "tile/entry/000", "tile/entries/x000/001",
        // length
        "tile/entries/" + String(repeating: "x001/", count: 10) + "001",
    ]

    @Test(arguments: valid) func parsesValidPaths(path: String, expected: TilePath) throws {
        let parsed = try TilePath(parsing: path)
        #expect(parsed == expected)
        #expect(parsed.path == path)
        #expect(parsed.tile.isFull == !path.contains(".p/"))
        if case .hashes(let tile) = parsed { #expect(tile.path == path) }
    }

    @Test(arguments: invalid) func rejectsInvalidPaths(path: String) {
        #expect(throws: MerkleError(.badTilePath, "")) { try TilePath(parsing: path) }
    }

    @Test func tileRejectsOutOfRangeCoordinates() throws {
        #expect(throws: MerkleError(.badTile, "")) { try Tile(level: 64, index: 0) }
        #expect(throws: MerkleError(.badTile, "")) { try Tile(level: -1, index: 0) }
        #expect(throws: MerkleError(.badTile, "")) { try Tile(level: 0, index: 0, width: 0) }
        #expect(throws: MerkleError(.badTile, "")) { try Tile(level: 0, index: 0, width: 257) }
        #expect(throws: MerkleError(.badTile, "")) { try TilePath.entries(index: 0, width: 0) }
        #expect(try Tile(level: 63, index: .max, width: 256).isFull)
    }

    /// Every index up to a few thousand, and around each power of 1000, round-trips.
    @Test func roundTripsManyIndexes() throws {
        var indexes = Array(UInt64(0)...2100)
        var p: UInt64 = 1000
        while true {
            indexes += [p - 1, p, p + 1]
            let (next, overflow) = p.multipliedReportingOverflow(by: 1000)
            if overflow { break }
            p = next
        }
        indexes += [UInt64.max - 1, UInt64.max]
        for n in indexes {
            for width in [1, 255, 256] {
                for path in [TilePath.hashes(try Tile(level: Int(n % 64), index: n, width: width)), try TilePath.entries(index: n, width: width)] {
                    #expect(try TilePath(parsing: path.path) == path)
                }
            }
        }
    }
}
