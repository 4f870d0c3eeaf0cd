// RFC 9162 §2.1.3: Merkle inclusion proofs (RFC 6962 §2.1.1 calls them audit paths).

/// A proof that the leaf at `leafIndex` is in the tree of `treeSize` leaves.
///
/// `hashes` is the inclusion path of RFC 9162 §2.1.3.1: the sibling hashes from the leaf up to
/// the root, nearest the leaf first. The value is not checked when created; ``verify(leafHash:rootHash:)``
/// decides whether it proves anything.
public struct InclusionProof: Hashable, Sendable {
    /// The index of the leaf, counting from 0.
    public let leafIndex: UInt64
    /// The size of the tree the proof is for.
    public let treeSize: UInt64
    /// The inclusion path, nearest the leaf first.
    public let hashes: [Hash]

    /// Creates a proof from its parts, for example after parsing one.
    public init(leafIndex: UInt64, treeSize: UInt64, hashes: [Hash]) {
        self.leafIndex = leafIndex
        self.treeSize = treeSize
        self.hashes = hashes
    }

    /// Builds the proof that leaf `leafIndex` is in the tree of `treeSize` leaves, from the
    /// stored hashes of a tree at least that large.
    ///
    /// Reads every hash it needs in one call to `reader`. Throws
    /// ``MerkleError/Code/indexOutOfRange`` unless `leafIndex < treeSize`,
    /// ``MerkleError/Code/treeTooLarge`` past ``maxTreeSize``, and whatever the reader throws.
    public init(leafIndex: UInt64, treeSize: UInt64, reader: some HashReader) throws {
        try checkTreeSize(treeSize)
        guard leafIndex < treeSize else {
            throw MerkleError(.indexOutOfRange, "leaf \(leafIndex) is not in a tree of size \(treeSize)")
        }
        // RFC 6962 §2.1.1 PATH(m, D[n]): the sibling subtrees from the leaf up, as leaf ranges.
        var ranges: [(lo: UInt64, hi: UInt64)] = []
        var lo: UInt64 = 0
        var hi = treeSize
        while hi - lo > 1 {
            let k = splitPoint(hi - lo)
            if leafIndex < lo + k {
                ranges.append((lo + k, hi))
                hi = lo + k
            } else {
                ranges.append((lo, lo + k))
                lo += k
            }
        }
        ranges.reverse()
        var indexes: [UInt64] = []
        for r in ranges { appendSubtreeIndexes(r.lo, r.hi, to: &indexes) }
        let stored = try reader.readChecked(indexes)
        var cursor = 0
        let hashes = ranges.map { subtreeHash($0.lo, $0.hi, stored, &cursor) }
        precondition(cursor == stored.count, "Merkle: bad math in InclusionProof")
        self.init(leafIndex: leafIndex, treeSize: treeSize, hashes: hashes)
    }

    /// Checks that this proof shows `leafHash` at ``leafIndex`` in the tree of ``treeSize``
    /// leaves whose root is `rootHash` (RFC 9162 §2.1.3.2).
    ///
    /// Throws ``MerkleError/Code/invalidProof`` for every kind of failure.
    public func verify(leafHash: Hash, rootHash: Hash) throws(MerkleError) {
        let root = try rootFromInclusionProof(
            leafHash: leafHash, index: leafIndex, treeSize: treeSize, proof: hashes)
        guard root == rootHash else { throw MerkleError.proofFailed }
    }
}

extension MerkleError {
    /// The one error every failed proof verification throws.
    static var proofFailed: MerkleError { MerkleError(.invalidProof, "invalid Merkle proof") }
}

/// The root hash that an inclusion proof implies for `leafHash` at `index` in a tree of
/// `treeSize` leaves: steps 1 to 4 of RFC 9162 §2.1.3.2, and the `sn` check of step 5.
///
/// The caller compares the result with a root hash it trusts (or signs over it, as a COSE
/// receipt does). Throws ``MerkleError/Code/invalidProof`` if `index ≥ treeSize` or the proof
/// has the wrong number of hashes for that position.
public func rootFromInclusionProof(
    leafHash: Hash, index: UInt64, treeSize: UInt64, proof: [Hash]
) throws(MerkleError) -> Hash {
    // 1. leaf_index must be less than tree_size.
    guard index < treeSize else { throw MerkleError.proofFailed }
    // 2. fn is the leaf's position, sn the last position, at the current level.
    var fn = index
    var sn = treeSize - 1
    // 3.
    var r = leafHash
    // 4.
    for p in proof {
        // 4a. The path is longer than the tree is high.
        if sn == 0 { throw MerkleError.proofFailed }
        // 4b. A right child, or the last node of its level (which is promoted, not paired,
        // until it becomes a right child).
        if fn & 1 == 1 || fn == sn {
            r = Hash.node(p, r)
            if fn & 1 == 0 {
                while fn & 1 == 0 && fn != 0 {
                    fn >>= 1
                    sn >>= 1
                }
            }
        } else {
            r = Hash.node(r, p)
        }
        // 4c.
        fn >>= 1
        sn >>= 1
    }
    // 5. The path must reach the root exactly.
    guard sn == 0 else { throw MerkleError.proofFailed }
    return r
}
