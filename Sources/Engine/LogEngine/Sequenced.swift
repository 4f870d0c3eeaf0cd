public import Merkle

/// Where the sequencer put a registration: its index, and the size of the first signed
/// checkpoint that covers it. Two values are equal when these are; for a new entry the
/// sequencer also hands over the answer's parts (``built``), so answering needs no disk.
public struct Sequenced: Sendable, Hashable {
    /// The entry's index in the log.
    public let index: UInt64
    /// The entry's RFC 6962 leaf hash.
    public let leafHash: Hash
    /// The size of the first signed checkpoint whose tree holds the entry. The same statement
    /// registered again gets the same index and the same tree size (specs/http-api.md,
    /// "Duplicates").
    public let treeSize: UInt64
    /// For an entry this batch appended: the checkpoint the sequencer signed and the entry's
    /// inclusion proof in its tree, built on the sequencer thread while the batch's tiles were
    /// at hand. Nil for a duplicate, which is answered from storage.
    let built: (head: TreeHead, inclusionProof: InclusionProof)?

    init(index: UInt64, leafHash: Hash, treeSize: UInt64, built: (head: TreeHead, inclusionProof: InclusionProof)? = nil) {
        self.index = index
        self.leafHash = leafHash
        self.treeSize = treeSize
        self.built = built
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.index == rhs.index && lhs.leafHash == rhs.leafHash && lhs.treeSize == rhs.treeSize
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(index)
        hasher.combine(leafHash)
        hasher.combine(treeSize)
    }
}
