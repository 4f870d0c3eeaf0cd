// Stored-hash indexes: a dense, append-only numbering of every hash in a Merkle tree.
//
// When leaf n is appended, the log stores its leaf hash and then the hash of every subtree that
// leaf completes (one per trailing 1 bit of n). Numbering the hashes in that order gives each
// hash a fixed index that never changes as the tree grows (Crosby and Wallach, "Efficient Data
// Structures for Tamper-Evident Logging", §3.3; the layout used by golang.org/x/mod/sumdb/tlog).
//
// For a tree of 4 leaves the order is:
//
//     index:  0      1      2         3      4      5         6
//     hash:   (0,0)  (0,1)  (1,0)     (0,2)  (0,3)  (1,1)     (2,0)
//
// where (level, n) is the n-th hash at height `level` above the leaves.

/// The largest tree size whose stored hashes all have a `UInt64` index: 2^63 − 1 leaves.
///
/// Functions that take a tree size from outside (a checkpoint, a request) check it against
/// this bound and throw ``MerkleError/Code/treeTooLarge``; the index functions below trap past it.
public let maxTreeSize: UInt64 = (1 << 63) - 1

/// The stored-hash index of the `index`-th hash at height `level` above the leaves.
///
/// Level 0 holds the leaf hashes; the hash `(level, index)` is the root of the subtree over
/// leaves `index·2^level ..< (index+1)·2^level`. Traps if that subtree does not fit in a tree of
/// ``maxTreeSize`` leaves (a caller bug: sizes from outside are checked before they get here).
public func storedHashIndex(level: Int, index: UInt64) -> UInt64 {
    precondition(level >= 0 && level < 63, "Merkle: stored-hash level \(level) out of range")
    // The hash (level, n) is stored right after the leaf that completes it: leaf
    // (n + 1)·2^level − 1. Before that leaf come StoredHashIndex(0, leaf) hashes, then the leaf
    // hash itself and the `level` subtree hashes it completes, the last of which is ours.
    precondition(
        index < maxTreeSize >> UInt64(level), "Merkle: stored hash (\(level), \(index)) is past maxTreeSize")
    let lastLeaf = ((index + 1) << UInt64(level)) - 1
    return leafStoredHashIndex(lastLeaf) + UInt64(level)
}

/// The number of hashes stored before leaf `n`'s hash: n + n/2 + n/4 + … (each completed
/// subtree of size 2^k contributes one hash per 2^k leaves).
@inline(__always)
func leafStoredHashIndex(_ n: UInt64) -> UInt64 {
    var total: UInt64 = 0
    var m = n
    while m > 0 {
        total += m
        m >>= 1
    }
    return total
}

/// The inverse of ``storedHashIndex(level:index:)``: the `(level, index)` coordinates of the
/// hash with stored-hash index `storedIndex`.
///
/// Defined for every `UInt64`; never traps.
public func splitStoredHashIndex(_ storedIndex: UInt64) -> (level: Int, index: UInt64) {
    // leafStoredHashIndex(n) ≤ 2n, so the leaf that stored this hash is at least storedIndex/2,
    // and at most log₂ of that further on (each leaf stores 1 + trailingOnes(leaf) hashes).
    var leaf = storedIndex / 2
    var start = leafStoredHashIndex(leaf)
    precondition(start <= storedIndex, "Merkle: bad math in splitStoredHashIndex")
    while true {
        let stored = 1 + UInt64((~leaf).trailingZeroBitCount)  // 1 + trailing ones of leaf
        let (next, overflow) = start.addingReportingOverflow(stored)
        if overflow || next > storedIndex { break }
        leaf += 1
        start = next
    }
    // Leaf `leaf` stored the hashes (0, leaf), (1, leaf/2), (2, leaf/4), … in that order.
    let level = Int(storedIndex - start)
    return (level, leaf >> UInt64(level))
}

/// The number of hashes stored for a tree of `treeSize` leaves: the stored-hash index at which
/// the hashes of leaf `treeSize` will begin.
///
/// Traps if `treeSize` is larger than ``maxTreeSize``.
public func storedHashCount(treeSize: UInt64) -> UInt64 {
    precondition(treeSize <= maxTreeSize, "Merkle: tree size \(treeSize) is past maxTreeSize")
    return leafStoredHashIndex(treeSize)
}
