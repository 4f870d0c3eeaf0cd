import Merkle

/// A tree of `TestTree.maxSize` leaves built once through `storedHashes`, with reference
/// implementations written straight from the RFC 6962 §2.1 definitions to check against.
final class TestTree: Sendable {
    static let maxSize = 300
    static let shared = TestTree(size: maxSize)

    /// Leaf i's hash: the leaf hash of the 8-byte big-endian i.
    let leaves: [Hash]
    /// Every stored hash of the tree, by stored-hash index.
    let stored: [Hash]
    /// roots[n] is the root hash of the first n leaves, computed by `treeHash`.
    let roots: [Hash]
    /// MTH(D[lo:hi]) by recursion over the leaves, for every range the recursion meets.
    private let memo: [Range<Int>: Hash]

    init(size: Int) {
        let leaves = (0..<size).map { i in
            Hash.leaf((0..<8).map { UInt8(truncatingIfNeeded: UInt64(i) >> (56 - 8 * $0)) })
        }
        self.leaves = leaves
        var stored: [Hash] = []
        for i in 0..<size {
            stored += try! storedHashes(index: UInt64(i), leafHash: leaves[i], reader: stored)
        }
        self.stored = stored
        roots = (0...size).map { try! treeHash(size: UInt64($0), reader: stored) }
        var memo: [Range<Int>: Hash] = [:]
        func compute(_ r: Range<Int>) -> Hash {
            if let h = memo[r] { return h }
            let h: Hash
            if r.isEmpty {
                h = Hash.emptyTree
            } else if r.count == 1 {
                h = leaves[r.lowerBound]
            } else {
                let k = TestTree.split(r.count)
                h = Hash.node(compute(r.lowerBound..<r.lowerBound + k), compute(r.lowerBound + k..<r.upperBound))
            }
            memo[r] = h
            return h
        }
        for n in 0...size { _ = compute(0..<n) }
        // Every range an inclusion or consistency path can name.
        for n in 1...size { for i in 0..<n { _ = TestTree.path(i, 0..<n, compute) } }
        for n in 1...size { for m in 1...n { _ = TestTree.subproof(m, 0..<n, true, compute) } }
        self.memo = memo
    }

    /// RFC 6962 §2.1: the largest power of two smaller than n.
    static func split(_ n: Int) -> Int {
        var k = 1
        while k << 1 < n { k <<= 1 }
        return k
    }

    func mth(_ r: Range<Int>) -> Hash { memo[r]! }

    /// RFC 6962 §2.1.1 PATH(m, D[n]).
    static func path(_ m: Int, _ d: Range<Int>, _ mth: (Range<Int>) -> Hash) -> [Hash] {
        let n = d.count
        if n == 1 { return [] }
        let k = split(n)
        if m < k { return path(m, d.lowerBound..<d.lowerBound + k, mth) + [mth(d.lowerBound + k..<d.upperBound)] }
        return path(m - k, d.lowerBound + k..<d.upperBound, mth) + [mth(d.lowerBound..<d.lowerBound + k)]
    }

    /// RFC 6962 §2.1.2 SUBPROOF(m, D[n], b).
    static func subproof(_ m: Int, _ d: Range<Int>, _ b: Bool, _ mth: (Range<Int>) -> Hash) -> [Hash] {
        let n = d.count
        if m == n { return b ? [] : [mth(d)] }
        let k = split(n)
        if m <= k {
            return subproof(m, d.lowerBound..<d.lowerBound + k, b, mth) + [mth(d.lowerBound + k..<d.upperBound)]
        }
        return subproof(m - k, d.lowerBound + k..<d.upperBound, false, mth) + [mth(d.lowerBound..<d.lowerBound + k)]
    }

    func referencePath(_ i: Int, _ n: Int) -> [Hash] { TestTree.path(i, 0..<n, mth) }
    func referenceConsistency(_ m: Int, _ n: Int) -> [Hash] { TestTree.subproof(m, 0..<n, true, mth) }

    /// The left/right pattern of leaf i's path in a tree of n leaves (true: sibling on the
    /// right). Two (index, size) pairs with the same shape combine the same hashes the same way,
    /// so no verifier can tell their proofs apart.
    static func shape(_ i: UInt64, _ n: UInt64) -> [Bool] {
        if n <= 1 { return [] }
        let k = UInt64(split(Int(n)))
        if i < k { return shape(i, k) + [true] }
        return shape(i - k, n - k) + [false]
    }

    /// A consistency verifier written from the recursive SUBPROOF definition (RFC 6962 §2.1.2),
    /// independent of the iterative RFC 9162 §2.1.4.2 algorithm under test.
    static func referenceVerifyConsistency(_ m: UInt64, _ n: UInt64, _ proof: [Hash], _ r1: Hash, _ r2: Hash) -> Bool {
        guard m > 0, m <= n else { return false }
        if m == n { return proof.isEmpty && r1 == r2 }
        var rest = proof[...]
        func run(_ lo: UInt64, _ hi: UInt64) -> (old: Hash, new: Hash)? {
            if m == hi {
                if lo == 0 { return rest.isEmpty ? (r1, r1) : nil }
                guard rest.count == 1 else { return nil }
                return (rest.first!, rest.first!)
            }
            guard let sibling = rest.popLast() else { return nil }
            let k = UInt64(split(Int(hi - lo)))
            if m <= lo + k {
                guard let (o, t) = run(lo, lo + k) else { return nil }
                return (o, Hash.node(t, sibling))
            }
            guard let (o, t) = run(lo + k, hi) else { return nil }
            return (Hash.node(sibling, o), Hash.node(sibling, t))
        }
        guard let (o, t) = run(0, n) else { return false }
        return o == r1 && t == r2
    }
}

extension Hash {
    /// This hash with bit `bit` (mod 256) flipped.
    func flipping(bit: Int) -> Hash {
        var b = bytes
        b[(bit / 8) % 32] ^= UInt8(1 << (bit % 8))
        return try! Hash(bytes: b)
    }
}
