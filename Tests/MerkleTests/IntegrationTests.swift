import Testing
import Merkle

/// RFC 6962 §2.1 MTH, computed the slow recursive way from the definition.
private func naiveRoot(_ leaves: ArraySlice<Hash>) -> Hash {
    switch leaves.count {
    case 0: return .emptyTree
    case 1: return leaves.first!
    default:
        var k = 1
        while k << 1 < leaves.count { k <<= 1 }
        let mid = leaves.startIndex + k
        return .node(naiveRoot(leaves[..<mid]), naiveRoot(leaves[mid...]))
    }
}

/// The right edge by definition: the naive roots of the perfect subtrees, largest first.
private func naiveEdge(_ leaves: [Hash]) -> [Hash] {
    var edge: [Hash] = []
    var start = 0
    for bit in stride(from: 63, through: 0, by: -1) where UInt64(leaves.count) & (1 << UInt64(bit)) != 0 {
        edge.append(naiveRoot(leaves[start..<(start + 1 << bit)]))
        start += 1 << bit
    }
    return edge
}

private func leafHashes(_ n: Int, salt: UInt8 = 0) -> [Hash] {
    (0..<n).map { Hash.leaf([salt, UInt8(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: $0 >> 8), UInt8($0 >> 16)]) }
}

/// Appends `leaves` in batches of the given sizes; checks every step against the naive
/// definitions, and returns every stored hash keyed by (level, index).
private func integrate(_ leaves: [Hash], batches: [Int], every interval: Int = 8) throws -> [Int: [UInt64: Hash]] {
    var range = CompactRange.empty
    var stored: [Int: [UInt64: Hash]] = [:]
    var done = 0
    for b in batches {
        let step = Integration(appending: Array(leaves[done..<(done + b)]), to: range, storingEvery: interval)
        done += b
        #expect(step.range.size == UInt64(done))
        #expect(step.rootHash == naiveRoot(leaves[..<done]))
        #expect(step.rootHash == step.range.rootHash)
        #expect(step.range.hashes == naiveEdge(Array(leaves[..<done])))
        for level in step.storedLevels {
            #expect(level.level % interval == 0 && !level.hashes.isEmpty)
            #expect(level.tileLevel == level.level / 8)
            // Each level extends the hashes stored before at its right edge.
            #expect(level.startIndex == UInt64(stored[level.level]?.count ?? 0))
            for (i, h) in level.hashes.enumerated() {
                #expect(stored[level.level, default: [:]].updateValue(h, forKey: level.startIndex + UInt64(i)) == nil)
            }
        }
        range = step.range
    }
    // Exactly the complete subtrees at levels 0, 8, 16, … (or every `interval`) are stored.
    for level in stride(from: 0, to: 64, by: interval) {
        #expect(stored[level]?.count ?? 0 == done >> level)
    }
    return stored
}

@Suite struct IntegrationTests {
    @Test func everySizeInOneBatchAndLeafByLeaf() throws {
        let leaves = leafHashes(300)
        for n in 0...300 {
            _ = try integrate(leaves, batches: [n])
        }
        _ = try integrate(leaves, batches: Array(repeating: 1, count: 300))
    }

    @Test func everySplitIntoTwoOrThreeBatches() throws {
        let leaves = leafHashes(64)
        for n in 0...64 {
            for a in 0...n {
                _ = try integrate(leaves, batches: [a, n - a])
            }
        }
        // Three batches for every pair of split points up to 24 leaves.
        for n in 0...24 {
            for a in 0...n { for b in 0...(n - a) { _ = try integrate(leaves, batches: [a, b, n - a - b]) } }
        }
    }

    @Test func unevenBatchesUpTo300() throws {
        let leaves = leafHashes(300, salt: 7)
        var generator = SplitMix(seed: 42)
        for n in 1...300 {
            var batches: [Int] = []
            var left = n
            while left > 0 {
                let b = Int(generator.next() % UInt64(min(left, 40))) + 1
                batches.append(b)
                left -= b
            }
            _ = try integrate(leaves, batches: batches)
        }
    }

    /// Tile-level hashes at levels 8 and 16 equal the naive subtree hashes they stand for.
    @Test func storedTileLevelsAreSubtreeRoots() throws {
        let leaves = leafHashes(65_536 + 300, salt: 9)
        let stored = try integrate(leaves, batches: [1, 254, 3, 511, 30_000, 34_767, 300])
        for (level, hashes) in stored where level > 0 {
            for (index, h) in hashes {
                let width = 1 << level
                #expect(h == naiveRoot(leaves[(Int(index) * width)..<(Int(index + 1) * width)]))
            }
        }
        #expect(stored[16]?.count == 1 && stored[8]?.count == 257)
        for (index, h) in stored[0]! { #expect(h == leaves[Int(index)]) }
    }

    /// With a level interval of 1 (the stored-hash-index layout) or 3, every stored hash is the
    /// naive root of its subtree.
    @Test(arguments: [1, 3])
    func everyLevelStored(interval: Int) throws {
        let leaves = leafHashes(1_000, salt: 3)
        let stored = try integrate(leaves, batches: [1, 2, 5, 100, 255, 1, 300, 336], every: interval)
        for (level, hashes) in stored {
            #expect(level % interval == 0)
            for (index, h) in hashes {
                let width = 1 << level
                #expect(h == naiveRoot(leaves[(Int(index) * width)..<(Int(index + 1) * width)]))
            }
        }
        #expect(stored.keys.sorted() == Array(stride(from: 0, through: 9, by: interval)))
    }

    @Test func entriesAreLeafHashed() {
        let entries: [[UInt8]] = [[], [0], Array("hello".utf8), [UInt8](repeating: 0xab, count: 1000)]
        let a = Integration(appendingEntries: entries, to: .empty)
        let b = Integration(appending: entries.map { Hash.leaf($0) }, to: .empty)
        #expect(a.rootHash == b.rootHash && a.range == b.range && a.storedLevels == b.storedLevels)
    }

    @Test func emptyBatchChangesNothing() {
        let first = Integration(appending: leafHashes(5), to: .empty)
        let again = Integration(appending: [], to: first.range)
        #expect(again.range == first.range && again.rootHash == first.rootHash && again.storedLevels.isEmpty)
        #expect(Integration(appending: [], to: .empty).rootHash == .emptyTree)
    }

    @Test func compactRangeChecksItsShape() throws {
        let h = Hash.leaf([1])
        #expect(throws: MerkleError(.badCompactRange, "")) { try CompactRange(size: 3, hashes: [h]) }
        #expect(throws: MerkleError(.badCompactRange, "")) { try CompactRange(size: 0, hashes: [h]) }
        let r = try CompactRange(size: 5, hashes: [h, .emptyTree])
        #expect(r.hash(atHeight: 2) == h && r.hash(atHeight: 0) == .emptyTree && r.hash(atHeight: 1) == nil)
        #expect(r.rootHash == .node(h, .emptyTree))
        #expect(CompactRange.empty.rootHash == .emptyTree)
    }

    /// The golden tree: leaf i is the 8-byte big-endian i repeated 8 times.
    static func goldenEntries(_ n: Int) -> [[UInt8]] {
        (0..<n).map { i in
            let be = withUnsafeBytes(of: UInt64(i).bigEndian, Array.init)
            return Array([[UInt8]](repeating: be, count: 8).joined())
        }
    }

    @Test func golden20000MatchesNaiveAndGo() {
        let entries = Self.goldenEntries(20_000)
        let root = Integration(appendingEntries: entries, to: .empty).rootHash
        #expect(root == naiveRoot(entries.map { Hash.leaf($0) }[...]))
        // golang.org/x/mod/sumdb/tlog (bench/go-reference) gives the same root.
        #expect(root.hex == "911b28219b466e396456dc47678b0f42eafc68a39476377ae0c07a2ebd9c4a59")
    }

    /// The same tree in uneven batches, so the carry path runs at many levels. (The 1,000,000-leaf
    /// golden root is checked by bench/, which runs in release mode.)
    @Test func golden20000InBatches() {
        let entries = Self.goldenEntries(20_000)
        var range = CompactRange.empty
        var start = 0
        for b in [1, 2, 253, 999, 1, 6_000, 12_744] {
            range = Integration(appendingEntries: Array(entries[start..<(start + b)]), to: range).range
            start += b
        }
        #expect(range.size == 20_000)
        #expect(range.rootHash.hex == "911b28219b466e396456dc47678b0f42eafc68a39476377ae0c07a2ebd9c4a59")
    }
}

/// A small deterministic generator (SplitMix64), so failures reproduce.
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
