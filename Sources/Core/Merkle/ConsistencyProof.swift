// RFC 9162 §2.1.4: Merkle consistency proofs.

/// A proof that the tree of `oldSize` leaves is a prefix of the tree of `newSize` leaves.
///
/// `hashes` is the consistency path of RFC 9162 §2.1.4.1 (RFC 6962 §2.1.2 SUBPROOF). The value
/// is not checked when created; ``verify(oldRoot:newRoot:)`` decides whether it proves anything.
public struct ConsistencyProof: Hashable, Sendable {
    /// The size of the older, smaller tree.
    public let oldSize: UInt64
    /// The size of the newer tree.
    public let newSize: UInt64
    /// The consistency path.
    public let hashes: [Hash]

    /// Creates a proof from its parts, for example after parsing one.
    public init(oldSize: UInt64, newSize: UInt64, hashes: [Hash]) {
        self.oldSize = oldSize
        self.newSize = newSize
        self.hashes = hashes
    }

    /// Builds the proof that the tree of `oldSize` leaves is a prefix of the tree of `newSize`
    /// leaves, from the stored hashes of a tree at least `newSize` large.
    ///
    /// The proof between equal sizes is empty. Reads every hash it needs in one call to
    /// `reader`. Throws ``MerkleError/Code/indexOutOfRange`` unless `0 < oldSize ≤ newSize`
    /// (nothing can be proved about the empty tree: every tree extends it),
    /// ``MerkleError/Code/treeTooLarge`` past ``maxTreeSize``, and whatever the reader throws.
    public init(oldSize: UInt64, newSize: UInt64, reader: some HashReader) throws {
        try checkTreeSize(newSize)
        guard oldSize > 0, oldSize <= newSize else {
            throw MerkleError(
                .indexOutOfRange, "no consistency proof from size \(oldSize) to size \(newSize)")
        }
        // RFC 6962 §2.1.2 SUBPROOF(m, D[n], true), walking down from the root. Going right
        // makes b false, which is the same as lo > 0.
        var siblings: [(lo: UInt64, hi: UInt64)] = []
        var lo: UInt64 = 0
        var hi = newSize
        while oldSize != hi {
            let k = splitPoint(hi - lo)
            if oldSize <= lo + k {
                siblings.append((lo + k, hi))
                hi = lo + k
            } else {
                siblings.append((lo, lo + k))
                lo += k
            }
        }
        // At the common subtree D[lo:oldSize]: the verifier knows MTH(D[0:m]) already (b true);
        // otherwise the proof starts with the common subtree's hash.
        var ranges: [(lo: UInt64, hi: UInt64)] = lo == 0 ? [] : [(lo, hi)]
        ranges += siblings.reversed()
        var indexes: [UInt64] = []
        for r in ranges { appendSubtreeIndexes(r.lo, r.hi, to: &indexes) }
        let stored = try reader.readChecked(indexes)
        var cursor = 0
        let hashes = ranges.map { subtreeHash($0.lo, $0.hi, stored, &cursor) }
        precondition(cursor == stored.count, "Merkle: bad math in ConsistencyProof")
        self.init(oldSize: oldSize, newSize: newSize, hashes: hashes)
    }

    /// Checks that this proof shows the tree of ``oldSize`` leaves with root `oldRoot` is a
    /// prefix of the tree of ``newSize`` leaves with root `newRoot` (RFC 9162 §2.1.4.2).
    ///
    /// Equal sizes verify only with an empty proof and equal roots. An old size of 0 never
    /// verifies: RFC 9162 defines consistency proofs for 0 < first, and callers that accept any
    /// tree as an extension of the empty one decide that before asking for a proof. Throws
    /// ``MerkleError/Code/invalidProof`` for every kind of failure.
    public func verify(oldRoot: Hash, newRoot: Hash) throws(MerkleError) {
        let first = oldSize
        let second = newSize
        guard first > 0, first <= second else { throw MerkleError.proofFailed }
        if first == second {
            guard hashes.isEmpty, oldRoot == newRoot else { throw MerkleError.proofFailed }
            return
        }
        // 1. An empty path proves nothing between different sizes.
        guard !hashes.isEmpty else { throw MerkleError.proofFailed }
        // 2. If first is a power of two, the old tree is a complete subtree of the new one and
        // its root is the path's implicit first element.
        var path = hashes[...]
        let firstIsPowerOfTwo = first & (first - 1) == 0
        // 3.
        var fn = first - 1
        var sn = second - 1
        // 4. Skip the levels where the old tree's last node is a right child inside the
        // common subtree.
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        // 5.
        var fr: Hash
        if firstIsPowerOfTwo {
            fr = oldRoot
        } else {
            fr = path.removeFirst()
        }
        var sr = fr
        // 6.
        for c in path {
            // 6a.
            if sn == 0 { throw MerkleError.proofFailed }
            // 6b.
            if fn & 1 == 1 || fn == sn {
                fr = Hash.node(c, fr)
                sr = Hash.node(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                sr = Hash.node(sr, c)
            }
            // 6c.
            fn >>= 1
            sn >>= 1
        }
        // 7.
        guard fr == oldRoot, sr == newRoot, sn == 0 else { throw MerkleError.proofFailed }
    }
}
