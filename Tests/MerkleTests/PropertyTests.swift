import Merkle
import PropertyBased
import Testing

@Suite struct PropertyTests {
    @Test func tilePathsRoundTrip() async {
        await propertyCheck(
            count: 2000, input: Gen.int(in: 0...63), Gen.uint64(in: 0...UInt64.max), Gen.int(in: 1...256), Gen.bool
        ) { level, index, width, isEntries in
            let tile = try! Tile(level: isEntries ? 0 : level, index: index, width: width)
            let path: TilePath = isEntries ? .entries(tile) : .hashes(tile)
            #expect((try? TilePath(parsing: path.path)) == path)
            // Any one-byte change to a canonical path either fails or names another tile
            // whose canonical path is exactly the changed string.
            var bytes = Array(path.path.utf8)
            let at = Int(index % UInt64(bytes.count))
            bytes[at] = bytes[at] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
            let changed = String(decoding: bytes, as: UTF8.self)
            if let other = try? TilePath(parsing: changed) {
                #expect(other.path == changed)
                #expect(other != path)
            }
        }
    }

    @Test func entryBundlesRoundTrip() async {
        let entry = Gen.uint8(in: 0...255).array(of: 0...300)
        await propertyCheck(count: 300, input: entry.array(of: 1...40)) { entries in
            let bundle = try! EntryBundle(entries: entries)
            let encoded = bundle.encoded
            #expect(encoded.count == entries.reduce(0) { $0 + 2 + $1.count })
            #expect((try? EntryBundle(parsing: encoded)) == bundle)
            #expect((try? EntryBundle(parsing: encoded))?.encoded == encoded)
            // Cutting the encoding short anywhere breaks it.
            let cut = encoded.count - 1 - Int(UInt(bitPattern: entries.count * 7919) % UInt(encoded.count))
            if cut > 0, (try? EntryBundle(parsing: encoded.prefix(cut))) != nil {
                // A prefix can parse only if it ends exactly on an entry boundary.
                var boundaries: Set<Int> = [0]
                var at = 0
                for e in entries { at += 2 + e.count; boundaries.insert(at) }
                #expect(boundaries.contains(cut))
            }
        }
    }

    /// Random trees far larger than the exhaustive ones, proved through a hash reader that
    /// computes each stored hash on demand from its definition.
    @Test func proveThenVerifyInLargeTrees() async {
        await propertyCheck(count: 300, input: Gen.uint64(in: 1...(1 << 40)), Gen.uint64(in: 0...UInt64.max), Gen.uint64(in: 0...UInt64.max)) { size, a, b in
            let reader = PeriodicTree()
            let index = a % size
            let oldSize = 1 + b % size
            let root = try! treeHash(size: size, reader: reader)
            let proof = try! InclusionProof(leafIndex: index, treeSize: size, reader: reader)
            #expect(throws: Never.self) { try proof.verify(leafHash: PeriodicTree.leaf(index), rootHash: root) }
            #expect(throws: MerkleError(.invalidProof, "")) { try proof.verify(leafHash: PeriodicTree.leaf(index).flipping(bit: Int(b % 256)), rootHash: root) }
            let oldRoot = try! treeHash(size: oldSize, reader: reader)
            let consistency = try! ConsistencyProof(oldSize: oldSize, newSize: size, reader: reader)
            #expect(throws: Never.self) { try consistency.verify(oldRoot: oldRoot, newRoot: root) }
            if oldSize != size {
                #expect(throws: MerkleError(.invalidProof, "")) { try consistency.verify(oldRoot: root, newRoot: oldRoot) }
            }
        }
    }
}

/// A tree too big to store: leaf n is the leaf hash of n mod 4096 (8-byte big-endian), so a
/// subtree's hash depends only on its level and, below level 12, its position mod the period.
/// Hashes are computed from the RFC 6962 definition and memoized, so any size up to 2^40 is cheap.
final class PeriodicTree: HashReader {
    static let periodLevel = 12
    private var cache: [Int: [UInt64: Hash]] = [:]

    static func leaf(_ n: UInt64) -> Hash {
        let k = n % (1 << UInt64(periodLevel))
        return Hash.leaf((0..<8).map { UInt8(truncatingIfNeeded: k >> (56 - 8 * $0)) })
    }

    func hash(level: Int, n: UInt64) -> Hash {
        let key = level >= Self.periodLevel ? 0 : n % (1 << UInt64(Self.periodLevel - level))
        if let h = cache[level]?[key] { return h }
        let h = level == 0 ? Self.leaf(key) : Hash.node(hash(level: level - 1, n: 2 * key), hash(level: level - 1, n: 2 * key + 1))
        cache[level, default: [:]][key] = h
        return h
    }

    func readHashes(_ indexes: [UInt64]) throws -> [Hash] {
        indexes.map { x in
            let (level, n) = splitStoredHashIndex(x)
            return hash(level: level, n: n)
        }
    }
}
