// RFC 6962 §2.1 tree growth, with the hashes to store laid out for c2sp.org/tlog-tiles.
internal import CryptoPrimitives

/// The result of appending a batch of leaves to a Merkle tree: the new tree state, its root hash,
/// and the hashes the log must store.
///
/// Integration is pure and synchronous: it reads only its arguments, uses the calling thread's
/// SHA-256 hasher (`SHA256.current`) for the whole call, and computes every interior hash level by
/// level over contiguous buffers. Each new hash is computed exactly once.
///
/// ```swift
/// let step = Integration(appending: [leafA, leafB, leafC], to: .empty)
/// step.range.size    // 3
/// step.rootHash      // MTH of the three leaves
/// step.storedLevels  // [level 0: start 0, [leafA, leafB, leafC]]
/// ```
///
/// By default the stored levels are the tile levels 0, 8, 16, … of c2sp.org/tlog-tiles; a store
/// laid out by stored-hash index (every level, as golang.org/x/mod/sumdb/tlog does) asks for
/// every level with `storingEvery: 1`.
public struct Integration: Sendable {
    /// The hashes that became complete at one stored tree level, in index order.
    ///
    /// c2sp.org/tlog-tiles stores, for tile height 8, the hashes at tree levels 0, 8, 16, …: the
    /// hash with index `i` at tree level `8L` is the root of the perfect subtree over leaves
    /// `i·256^L ..< (i+1)·256^L`, and it lives in tile `(L, i / 256)` at position `i % 256`. The
    /// hashes here extend that level at its right edge: the first one has index ``startIndex``,
    /// which is how many hashes that level held before, so a partial tile grows in place.
    public struct StoredLevel: Hashable, Sendable {
        /// The tree level: 0 for leaf hashes, then 8, 16, … (a multiple of the level interval the
        /// integration was asked for: ``Integration/tileHeight`` unless stated otherwise).
        public let level: Int
        /// The index, among the hashes at ``level``, of the first hash in ``hashes``.
        public let startIndex: UInt64
        /// The new hashes at ``level``, in index order; never empty.
        public let hashes: [Hash]

        /// The tlog-tiles tile level, `level / 8`; meaningful only when `level` is a multiple of 8.
        public var tileLevel: Int { level / Integration.tileHeight }
    }

    /// The tile height of c2sp.org/tlog-tiles: tiles store every 8th tree level.
    public static let tileHeight = 8

    /// The tree after the batch.
    public let range: CompactRange
    /// The root hash of the tree after the batch (RFC 6962 §2.1).
    public let rootHash: Hash
    /// The new hashes at tree levels 0, 8, 16, … (or every `storingEvery` levels), lowest level
    /// first; a level appears only if the batch completed at least one hash there. Empty when the
    /// batch is empty.
    public let storedLevels: [StoredLevel]

    /// Appends the leaves whose RFC 6962 leaf hashes are `leafHashes` to the tree `range`.
    ///
    /// ``storedLevels`` holds the new hashes at every `levelInterval`-th tree level (0, 8, 16, …
    /// by default). Traps if `levelInterval` is not positive, or if the new size would not fit in
    /// a `UInt64` (no log gets near that).
    public init(
        appending leafHashes: [Hash], to range: CompactRange, storingEvery levelInterval: Int = tileHeight
    ) {
        self = Integration.integrate(leafHashes, into: range, levelInterval, hasher: SHA256.current)
    }

    /// Appends `entries` to the tree `range`, computing their leaf hashes SHA-256(0x00 ‖ entry)
    /// (RFC 6962 §2.1) first; otherwise the same as ``init(appending:to:)``. Entry sizes are not
    /// limited here: the log bounds them before they reach the tree.
    public init(
        appendingEntries entries: [[UInt8]], to range: CompactRange, storingEvery levelInterval: Int = tileHeight
    ) {
        let hasher = SHA256.current
        let leafHashes = [Hash](unsafeUninitializedCapacity: entries.count) { buffer, count in
            let out = UnsafeMutableRawPointer(buffer.baseAddress)
            for (i, entry) in entries.enumerated() {
                entry.withUnsafeBytes { hasher.hash(prefix: 0x00, $0, into: out! + i &* Hash.count) }
            }
            count = entries.count
        }
        self = Integration.integrate(leafHashes, into: range, levelInterval, hasher: hasher)
    }

    private init(range: CompactRange, rootHash: Hash, storedLevels: [StoredLevel]) {
        self.range = range
        self.rootHash = rootHash
        self.storedLevels = storedLevels
    }
}

extension Integration {
    /// The level-by-level builder.
    ///
    /// Level h of the batch is a run of consecutive new hashes at tree level h, starting at index
    /// `oldSize >> h`. If bit h of the old size is set, the old right-edge hash of height h is
    /// their left neighbour (the "carry"), so the run to pair up starts at the even index
    /// `(oldSize >> h) - 1`. Pairs give level h + 1; an unpaired last hash is the new right-edge
    /// hash of height h. The walk stops at the first level with no new hash: from there up, the
    /// old and new sizes agree and so do their right-edge hashes.
    private static func integrate(
        _ leafHashes: [Hash], into range: CompactRange, _ levelInterval: Int, hasher: SHA256
    ) -> Integration {
        precondition(levelInterval > 0, "the interval between stored levels must be positive")
        precondition(MemoryLayout<Hash>.stride == Hash.count, "bad math: Hash is not 32 contiguous bytes")
        let oldSize = range.size
        let (newSize, overflow) = oldSize.addingReportingOverflow(UInt64(leafHashes.count))
        precondition(!overflow, "a Merkle tree cannot hold more than 2^64 - 1 leaves")
        guard !leafHashes.isEmpty else {
            return Integration(range: range, rootHash: range.rootHash, storedLevels: [])
        }

        var stored = [StoredLevel(level: 0, startIndex: oldSize, hashes: leafHashes)]
        var newEdge: [Hash] = []  // right-edge hashes of new heights, lowest height first
        newEdge.reserveCapacity(64)
        // Level 1 and above live in one scratch buffer, each level computed in place over the one
        // below (pair k is read before hash k is written, and k <= the pair's first index).
        let scratchCount = leafHashes.count / 2 + 1
        let scratch = UnsafeMutableRawPointer.allocate(
            byteCount: scratchCount * Hash.count, alignment: MemoryLayout<Hash>.alignment)
        defer { scratch.deallocate() }

        var height = 0
        var count = leafHashes.count
        leafHashes.withUnsafeBytes { leaves in
            count = combine(level: 0, of: oldSize, leaves.baseAddress!, count, into: scratch, range, hasher, &newEdge)
        }
        height = 1
        while count > 0 {
            if height % levelInterval == 0 {
                let copy = [Hash](unsafeUninitializedCapacity: count) { buffer, written in
                    UnsafeMutableRawPointer(buffer.baseAddress!).copyMemory(from: scratch, byteCount: count * Hash.count)
                    written = count
                }
                stored.append(StoredLevel(level: height, startIndex: oldSize >> UInt64(height), hashes: copy))
            }
            count = combine(level: height, of: oldSize, scratch, count, into: scratch, range, hasher, &newEdge)
            height += 1
        }

        // No new hash at level `stop`: the right-edge hashes of heights >= stop are the old ones.
        let stop = height
        let kept = stop < 64 ? (oldSize >> UInt64(stop)).nonzeroBitCount : 0
        var edge = Array(range.hashes.prefix(kept))
        edge.append(contentsOf: newEdge.reversed())
        let newRange = CompactRange(uncheckedSize: newSize, hashes: edge)
        precondition(edge.count == newSize.nonzeroBitCount, "bad math: integration edge")
        return Integration(range: newRange, rootHash: newRange.rootHash, storedLevels: stored)
    }

    /// Pairs up the `count` new hashes at tree level `level` (at `input`, preceded by the old
    /// right-edge hash of that height if bit `level` of `oldSize` is set), writes the hashes of
    /// level + 1 to `output` (which may equal `input`), appends an unpaired last hash to `edge`,
    /// and returns how many hashes it wrote.
    @inline(__always)
    private static func combine(
        level: Int, of oldSize: UInt64, _ input: UnsafeRawPointer, _ count: Int,
        into output: UnsafeMutableRawPointer, _ range: CompactRange, _ hasher: SHA256,
        _ edge: inout [Hash]
    ) -> Int {
        let carry = level < 64 ? range.hash(atHeight: level) : nil
        let total = count + (carry == nil ? 0 : 1)
        if total & 1 == 1 {
            // RFC 6962 §2.1: an unpaired hash is the root of the rightmost perfect subtree.
            edge.append(Hash { $0.copyMemory(from: input + (count - 1) * Hash.count, byteCount: Hash.count) })
        }
        let pairs = total >> 1
        var from = input
        var to = output
        var k = 0
        if let carry, pairs > 0 {
            carry.withUnsafeBytes { left in
                hasher.hash(prefix: 0x01, left, UnsafeRawBufferPointer(start: input, count: Hash.count), into: output)
            }
            from += Hash.count
            to += Hash.count
            k = 1
        }
        // RFC 6962 §2.1: MTH = SHA-256(0x01 ‖ left ‖ right); left and right are adjacent in memory.
        while k < pairs {
            hasher.hash(prefix: 0x01, UnsafeRawBufferPointer(start: from, count: 2 * Hash.count), into: to)
            from += 2 * Hash.count
            to += Hash.count
            k += 1
        }
        return pairs
    }
}
