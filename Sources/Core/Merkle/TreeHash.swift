// RFC 6962 §2.1: the Merkle Tree Hash, computed from stored hashes.
//
// Any range of leaves lo..<hi that starts on a suitable boundary splits, left to right, into
// maximal complete subtrees (sizes are the bits of hi − lo, largest first). Each complete subtree
// has one stored hash, so MTH(D[lo:hi]) needs at most 64 reads and no hashing of leaves.

/// The largest power of two that is less than or equal to `n` (`n` ≥ 1).
@inline(__always)
func largestPowerOfTwo(atMost n: UInt64) -> UInt64 {
    precondition(n >= 1, "Merkle: bad math in largestPowerOfTwo")
    return 1 << UInt64(63 - n.leadingZeroBitCount)
}

/// The largest power of two strictly less than `n` (`n` ≥ 2): RFC 6962 §2.1's split point k.
@inline(__always)
func splitPoint(_ n: UInt64) -> UInt64 {
    precondition(n >= 2, "Merkle: bad math in splitPoint")
    return largestPowerOfTwo(atMost: n - 1)
}

/// Appends the stored-hash indexes of the complete subtrees that make up leaves `lo..<hi`, left
/// to right.
func appendSubtreeIndexes(_ lo: UInt64, _ hi: UInt64, to indexes: inout [UInt64]) {
    var lo = lo
    while lo < hi {
        let k = largestPowerOfTwo(atMost: hi - lo)
        precondition(lo & (k - 1) == 0, "Merkle: bad math in appendSubtreeIndexes")
        let level = k.trailingZeroBitCount
        indexes.append(storedHashIndex(level: level, index: lo >> UInt64(level)))
        lo += k
    }
}

/// Returns MTH(D[lo:hi]) from the hashes read for ``appendSubtreeIndexes(_:_:to:)``, starting at
/// `hashes[cursor]`, and moves `cursor` past them.
func subtreeHash(_ lo: UInt64, _ hi: UInt64, _ hashes: [Hash], _ cursor: inout Int) -> Hash {
    precondition(lo < hi, "Merkle: bad math in subtreeHash")
    var count = 0
    var l = lo
    while l < hi {
        l += largestPowerOfTwo(atMost: hi - l)
        count += 1
    }
    precondition(cursor + count <= hashes.count, "Merkle: bad math in subtreeHash")
    // The subtrees get smaller from left to right, so the tree over them leans right:
    // MTH = node(s0, node(s1, … node(s_{c-2}, s_{c-1}))).
    var hash = hashes[cursor + count - 1]
    for i in stride(from: cursor + count - 2, through: cursor, by: -1) {
        hash = Hash.node(hashes[i], hash)
    }
    cursor += count
    return hash
}

/// Throws ``MerkleError/Code/treeTooLarge`` if `size` has no stored-hash layout.
func checkTreeSize(_ size: UInt64) throws(MerkleError) {
    guard size <= maxTreeSize else {
        throw MerkleError(.treeTooLarge, "tree size \(size) is larger than \(maxTreeSize)")
    }
}

/// The root hash of the tree with `size` leaves (RFC 6962 §2.1 MTH), from stored hashes.
///
/// Reads at most 64 hashes in one call to `reader`. The empty tree's hash is
/// ``Hash/emptyTree`` (SHA-256 of the empty string, RFC 6962 §2.1; golang.org/x/mod returns
/// all zeros instead). Throws ``MerkleError/Code/treeTooLarge`` past ``maxTreeSize``, and
/// whatever the reader throws.
public func treeHash(size: UInt64, reader: some HashReader) throws -> Hash {
    try checkTreeSize(size)
    if size == 0 { return .emptyTree }
    var indexes: [UInt64] = []
    appendSubtreeIndexes(0, size, to: &indexes)
    let hashes = try reader.readChecked(indexes)
    var cursor = 0
    let root = subtreeHash(0, size, hashes, &cursor)
    precondition(cursor == hashes.count, "Merkle: bad math in treeHash")
    return root
}

/// The hashes to store when appending the leaf at `index` with hash `leafHash`: the leaf hash,
/// then the hash of every subtree the leaf completes, smallest first.
///
/// They belong at stored-hash indexes `storedHashIndex(level: 0, index: index)` onwards. There
/// are `1 + trailingOnes(index)` of them (just under two on average). Reads the left siblings of
/// the completed subtrees, at most 63 hashes, in one call to `reader`. Throws
/// ``MerkleError/Code/treeTooLarge`` if the tree would grow past ``maxTreeSize``.
public func storedHashes(index: UInt64, leafHash: Hash, reader: some HashReader) throws -> [Hash] {
    guard index < maxTreeSize else {
        throw MerkleError(.treeTooLarge, "leaf index \(index) is past the largest tree")
    }
    // Each trailing 1 bit of `index` completes a subtree whose left half is already stored.
    let completed = (~index).trailingZeroBitCount
    var indexes = [UInt64](repeating: 0, count: completed)
    for level in 0..<completed {
        // The left sibling at `level` is hash (level, (index >> level) − 1); sorted ascending.
        indexes[completed - 1 - level] = storedHashIndex(level: level, index: (index >> UInt64(level)) - 1)
    }
    let siblings = try reader.readChecked(indexes)
    var hashes = [leafHash]
    hashes.reserveCapacity(1 + completed)
    var hash = leafHash
    for level in 0..<completed {
        hash = Hash.node(siblings[completed - 1 - level], hash)
        hashes.append(hash)
    }
    return hashes
}

/// The hashes to store when appending `entry` at `index`: ``storedHashes(index:leafHash:reader:)``
/// with the entry's RFC 6962 leaf hash.
public func storedHashes(index: UInt64, entry: some Collection<UInt8>, reader: some HashReader) throws -> [Hash] {
    try storedHashes(index: index, leafHash: Hash.leaf(entry), reader: reader)
}
