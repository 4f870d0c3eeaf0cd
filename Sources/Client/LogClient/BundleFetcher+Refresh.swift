// Refreshing a bundle (specs/verify.md, "Refreshing a bundle"): its checkpoint replaced by the
// log's newer published one, shown consistent with it by a proof built here from the log's tiles.
import Merkle
public import Verification

extension BundleFetcher {
    /// `bundle` with the log's published checkpoint and a fresh inclusion path to it.
    ///
    /// The published checkpoint must be of the bundle's log (its origin), no smaller than the
    /// bundle's, and consistent with it (RFC 9162 §2.1.4: the consistency proof comes from tiles
    /// authenticated against the new checkpoint, never from the log). A v2 bundle's entries get
    /// paths to the new checkpoint and must be the same bytes; its witnessed checkpoints stay
    /// (they bound when the entries were logged), each with a consistency proof to the new one.
    /// The new inclusion path must verify.
    ///
    /// Throws ``LogClientError/Code/verificationFailed`` for another origin or a path that does
    /// not verify, ``LogClientError/Code/notPublished`` when the published checkpoint is older
    /// than the bundle's, ``LogClientError/Code/inconsistent`` when the log's tree does not
    /// extend the bundle's (or serves other bytes for an entry it carries), and the client's errors.
    public func refresh(_ bundle: ReceiptBundle) async throws(LogClientError) -> ReceiptBundle {
        let (note, checkpoint) = try await publishedCheckpoint()
        let old = bundle.checkpoint
        guard checkpoint.origin == old.origin else {
            throw LogClientError(
                .verificationFailed, "the log's checkpoint is for \"\(checkpoint.origin)\", the bundle's for \"\(old.origin)\"")
        }
        guard checkpoint.treeSize >= old.treeSize else {
            throw LogClientError(
                .notPublished,
                "the log's published checkpoint (size \(checkpoint.treeSize)) is older than the bundle's (size \(old.treeSize))")
        }
        // RFC 9162 §2.1.4: the bundle's tree must be a prefix of the published one. The proof
        // comes from tiles authenticated against the new checkpoint, so the log cannot choose it.
        let consistent: Bool
        if checkpoint.treeSize == old.treeSize {
            consistent = checkpoint.rootHash == old.rootHash
        } else {
            do {
                let hashes = try await client.consistencyProof(from: old.treeSize, to: checkpoint)
                do {
                    try ConsistencyProof(oldSize: old.treeSize, newSize: checkpoint.treeSize, hashes: hashes)
                        .verify(oldRoot: old.rootHash, newRoot: checkpoint.rootHash)
                    consistent = true
                } catch {
                    consistent = false
                }
            } catch where error.code == .verificationFailed {
                // Tiles that do not match the new checkpoint cannot show it extends the bundle's.
                consistent = false
            }
        }
        guard consistent else {
            throw LogClientError(
                .inconsistent,
                "refused: the log's checkpoint of size \(checkpoint.treeSize) is not consistent with the bundle's checkpoint of size \(old.treeSize)")
        }
        let answer = try await client.proof(index: bundle.index, treeSize: checkpoint.treeSize)
        let proof = try Self.tlogProof(answer, index: bundle.index)
        let entries = try await self.entries(bundle.entries.map(\.index), at: checkpoint)
        var witnessed: [WitnessedCheckpoint] = []
        for w in bundle.witnessed {
            let proof = w.checkpoint.treeSize == checkpoint.treeSize ? [] : try await client.consistencyProof(from: w.checkpoint.treeSize, to: checkpoint)
            let refreshed = try Self.assemble { () throws(VerificationError) in try WitnessedCheckpoint(note: w.note, consistencyProof: proof) }
            guard refreshed.isConsistent(with: checkpoint) else {
                throw LogClientError(
                    .inconsistent,
                    "refused: the bundle's witnessed checkpoint of size \(w.checkpoint.treeSize) is not consistent with the log's checkpoint")
            }
            witnessed.append(refreshed)
        }
        guard entries.map(\.statement) == bundle.entries.map(\.statement) else {
            throw LogClientError(.inconsistent, "refused: the log now serves other bytes for an entry the bundle carries")
        }
        let refreshed = try Self.assemble { () throws(VerificationError) in
            try bundle.replacingCheckpoint(note, inclusionProof: proof.inclusionProof, entries: entries, witnessed: witnessed)
        }
        do {
            try refreshed.checkInclusion()
        } catch {
            throw LogClientError(
                .verificationFailed,
                "refused: the log's inclusion path to size \(checkpoint.treeSize) does not verify: \(error.message)", underlying: error)
        }
        return refreshed
    }
}
