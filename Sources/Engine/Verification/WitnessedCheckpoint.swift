// specs/verify.md, "Receipt bundle" v2, and specs/evidence.md §Time: a checkpoint with witness
// cosignatures, earlier than (or equal to) the bundle's own, and the consistency proof from it to
// the bundle's checkpoint. Its cosignature timestamps bound when the entries it covers were logged,
// however much later the bundle is refreshed.
public import Merkle
public import Notes

/// A witnessed checkpoint and the consistency proof from its tree to the bundle's.
public struct WitnessedCheckpoint: Hashable, Sendable {
    /// The signed, cosigned checkpoint note.
    public let note: Note
    /// Its checkpoint.
    public let checkpoint: Checkpoint
    /// The consistency proof from its tree to the bundle's (RFC 9162 §2.1.4); empty when the
    /// sizes are equal.
    public let consistencyProof: [Hash]

    /// Creates one; throws `badBundle` if the note's text is not a checkpoint or the proof has
    /// more than 64 hashes.
    public init(note: Note, consistencyProof: [Hash]) throws(VerificationError) {
        do {
            checkpoint = try Checkpoint(text: note.text)
        } catch {
            throw VerificationError(.badBundle, "a witnessed checkpoint's note is not a checkpoint: \(error.message)")
        }
        guard consistencyProof.count <= 64 else {
            throw VerificationError(.badBundle, "a consistency proof has at most 64 hashes")
        }
        self.note = note
        self.consistencyProof = consistencyProof
    }

    /// Whether this checkpoint's tree is a prefix of `other`'s (same origin, proof verifies).
    public func isConsistent(with other: Checkpoint) -> Bool {
        guard checkpoint.origin == other.origin, checkpoint.treeSize <= other.treeSize else { return false }
        if checkpoint.treeSize == other.treeSize {
            return checkpoint.rootHash == other.rootHash && consistencyProof.isEmpty
        }
        if checkpoint.treeSize == 0 { return consistencyProof.isEmpty }
        return (try? ConsistencyProof(oldSize: checkpoint.treeSize, newSize: other.treeSize, hashes: consistencyProof)
            .verify(oldRoot: checkpoint.rootHash, newRoot: other.rootHash)) != nil
    }
}
