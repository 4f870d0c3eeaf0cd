// RFC 6962 §2.1: the right edge of a Merkle tree, from which its root hash follows.

/// The state of a Merkle tree of `size` leaves that is needed to append to it: the root hashes of
/// the perfect subtrees along its right edge.
///
/// A tree of size N splits into one perfect subtree for each set bit of N, largest first: a tree
/// of 13 = 8 + 4 + 1 leaves has `hashes` = [MTH(D[0:8]), MTH(D[8:12]), MTH(D[12:13])]. The root
/// hash of the whole tree follows from these by RFC 6962 §2.1 (``rootHash``), and appending leaves
/// needs nothing else (``Integration``).
///
/// Invariant: `hashes.count` equals the number of set bits in `size`.
public struct CompactRange: Hashable, Sendable {
    /// The number of leaves in the tree.
    public let size: UInt64

    /// The perfect-subtree root hashes along the right edge, left to right (largest subtree
    /// first): one for each set bit of ``size``, from the most significant bit down.
    public let hashes: [Hash]

    /// The range of the empty tree.
    public static let empty = CompactRange(uncheckedSize: 0, hashes: [])

    /// Creates the range of a tree of `size` leaves from its right-edge subtree hashes.
    ///
    /// Throws `MerkleError.Code.badCompactRange` unless there is exactly one hash for each set bit
    /// of `size`. The hashes themselves cannot be checked here: they are trusted to be the
    /// subtree roots of the tree they describe.
    public init(size: UInt64, hashes: [Hash]) throws(MerkleError) {
        guard hashes.count == size.nonzeroBitCount else {
            throw MerkleError(
                .badCompactRange,
                "a tree of size \(size) has \(size.nonzeroBitCount) right-edge hashes, not \(hashes.count)")
        }
        self.init(uncheckedSize: size, hashes: hashes)
    }

    /// Creates a range whose invariant the caller has established.
    init(uncheckedSize size: UInt64, hashes: [Hash]) {
        assert(hashes.count == size.nonzeroBitCount, "bad math: compact range")
        self.size = size
        self.hashes = hashes
    }

    /// The root hash of the tree: `Hash.emptyTree` for size 0, otherwise the right-edge hashes
    /// folded from the right, `node(h[0], node(h[1], … node(h[k-2], h[k-1])))` (RFC 6962 §2.1:
    /// each split point k is the largest power of two below the size, so the left part is the
    /// largest perfect subtree).
    public var rootHash: Hash {
        guard var root = hashes.last else { return .emptyTree }
        for h in hashes.dropLast().reversed() { root = .node(h, root) }
        return root
    }

    /// The right-edge hash of the perfect subtree of height `height`, or nil when bit `height` of
    /// ``size`` is clear.
    public func hash(atHeight height: Int) -> Hash? {
        precondition((0..<64).contains(height), "a tree height is 0...63")
        guard size & (1 << UInt64(height)) != 0 else { return nil }
        return hashes[(size >> UInt64(height + 1)).nonzeroBitCount]
    }
}
