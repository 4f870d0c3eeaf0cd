// c2sp.org/tlog-tiles: tile and entry-bundle paths.
//
//     tile/<L>/<N>[.p/<W>]          a Merkle tree tile
//     tile/entries/<N>[.p/<W>]      an entry bundle (the entries of the level-0 tile <N>)
//
// <L> is 0...63 in decimal with no leading zeros. <N> is written as 3-digit groups, most
// significant first, every group but the last prefixed with "x" (1234067 is x001/x234/067), with
// no leading x000 group. <W> is 1...255 in decimal with no leading zeros; a full tile has no
// .p/<W> suffix.
import CryptoPrimitives

/// A resource path of a tiled log: a hash tile or an entry bundle (c2sp.org/tlog-tiles).
///
/// Parsing is strict: a string parses only if it is exactly the canonical path of the value it
/// names, so `TilePath(parsing: p.path) == p` and `TilePath(parsing: s).path == s`.
public enum TilePath: Hashable, Sendable {
    /// `tile/<L>/<N>[.p/<W>]`: the hashes of a tile.
    case hashes(Tile)
    /// `tile/entries/<N>[.p/<W>]`: the entry bundle of the leaves of a level-0 tile. The tile's
    /// level is always 0.
    case entries(Tile)

    /// The longest canonical path: `tile/entries/` plus seven groups for a 20-digit index plus
    /// `.p/255` is 52 bytes. Longer input is rejected before it is looked at.
    public static let maxLength = 64

    /// The entry bundle of the leaves of level-0 tile `index`, `width` entries wide.
    ///
    /// Throws ``MerkleError/Code/badTile`` unless `width` is 1...256.
    public static func entries(index: UInt64, width: Int = Tile.fullWidth) throws(MerkleError) -> TilePath {
        .entries(try Tile(level: 0, index: index, width: width))
    }

    /// The tile whose coordinates the path names.
    public var tile: Tile {
        switch self {
        case .hashes(let t), .entries(let t): t
        }
    }

    /// The canonical path, without a leading slash.
    public var path: String {
        var s: String
        switch self {
        case .hashes(let t): s = "tile/\(t.level)/"
        case .entries(let t):
            precondition(t.level == 0, "Merkle: an entry bundle path names a level-0 tile")
            s = "tile/entries/"
        }
        let t = tile
        // Three digits at a time, most significant group first.
        var groups: [UInt64] = []
        var n = t.index
        repeat {
            groups.append(n % 1000)
            n /= 1000
        } while n > 0
        for (i, g) in groups.reversed().enumerated() {
            if i > 0 { s += "/" }
            if i < groups.count - 1 { s += "x" }
            s += g < 10 ? "00\(g)" : g < 100 ? "0\(g)" : "\(g)"
        }
        if !t.isFull { s += ".p/\(t.width)" }
        return s
    }

    /// Parses a canonical tile or entry-bundle path (no leading slash, no query).
    ///
    /// Throws ``MerkleError/Code/badTilePath`` for anything else: a level outside 0...63 or with
    /// leading zeros, index groups that are not three digits, a missing or misplaced `x`, a
    /// leading `x000` group, an index past `UInt64.max`, a width outside 1...255 or with
    /// leading zeros (a full tile has no `.p/256`), empty or extra path elements, and any input
    /// longer than ``maxLength`` bytes.
    public init(parsing string: some StringProtocol) throws(MerkleError) {
        let bytes = Array(string.utf8)
        func bad(_ why: String) -> MerkleError {
            MerkleError(.badTilePath, "not a canonical tile path (\(why))")
        }
        guard bytes.count <= TilePath.maxLength else { throw bad("longer than \(TilePath.maxLength) bytes") }
        let elements = bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        guard elements.count >= 3, elements[0].elementsEqual("tile".utf8) else {
            throw bad("it must start with tile/")
        }
        // <L> or "entries".
        let isEntries = elements[1].elementsEqual("entries".utf8)
        var level = 0
        if !isEntries {
            guard let l = TilePath.decimal(elements[1]), l <= UInt64(Tile.maxLevel) else {
                throw bad("the level must be 0...63 with no leading zeros")
            }
            level = Int(l)
        }
        // <N> groups, then an optional .p/<W>.
        var groups = elements[2...]
        var width = Tile.fullWidth
        if let last = groups.last, groups.count >= 2, groups[groups.endIndex - 2].last == UInt8(ascii: "p") {
            // …/NNN.p/<W>: the second-to-last element carries the .p suffix.
            let dotP = groups[groups.endIndex - 2]
            guard dotP.count == 5, dotP.suffix(2).elementsEqual(".p".utf8) else { throw bad("malformed .p suffix") }
            guard let w = TilePath.decimal(last), w >= 1, w < UInt64(Tile.fullWidth) else {
                throw bad("a partial width must be 1...255 with no leading zeros")
            }
            width = Int(w)
            groups = groups.dropLast()
            groups[groups.endIndex - 1] = dotP.prefix(3)
        }
        var index: UInt64 = 0
        for (i, group) in groups.enumerated() {
            let isLast = i == groups.count - 1
            var digits = group[...]
            if !isLast {
                guard digits.first == UInt8(ascii: "x") else { throw bad("every index group but the last starts with x") }
                digits = digits.dropFirst()
            }
            guard digits.count == 3, digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
                throw bad("index groups are three digits")
            }
            let value = digits.reduce(UInt64(0)) { $0 * 10 + UInt64($1 - UInt8(ascii: "0")) }
            let (scaled, o1) = index.multipliedReportingOverflow(by: 1000)
            let (sum, o2) = scaled.addingReportingOverflow(value)
            guard !o1, !o2 else { throw bad("the index is larger than 2^64 - 1") }
            index = sum
        }
        let tile = Tile(unchecked: level, index, width)
        self = isEntries ? .entries(tile) : .hashes(tile)
        // What remains non-canonical (a leading x000 group) re-encodes differently.
        guard path.utf8.elementsEqual(bytes) else { throw bad("it is not written canonically") }
    }

    /// A decimal number of at most 3 digits with no leading zeros ("0" itself is fine).
    private static func decimal(_ digits: ArraySlice<UInt8>) -> UInt64? {
        digits.count <= 3 ? Decimal64.parse(digits) : nil
    }
}

extension TilePath: CustomStringConvertible {
    /// The canonical path.
    public var description: String { path }
}

extension Tile {
    /// The tile's canonical path, `tile/<L>/<N>[.p/<W>]` (c2sp.org/tlog-tiles).
    public var path: String { TilePath.hashes(self).path }
}
