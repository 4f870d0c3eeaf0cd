// The v2 part of a receipt bundle (specs/verify.md, "Receipt bundle"): the evidence and
// collateral statements a receipt references, each with its inclusion proof to the bundle's
// checkpoint, and the first witnessed checkpoint that covers each, with its consistency proof to
// the bundle's checkpoint (specs/evidence.md §Time).
import Merkle
import Notes
public import Verification

extension BundleFetcher {
    /// `bundle` with the log entries `statements` (the statements' leaf forms, already
    /// registered: an evidence or collateral statement the receipt references), found by their
    /// leaf hashes (``index(of:)``); see ``addingEvidence(entries:to:)``.
    public func addingEvidence(statements: [[UInt8]], to bundle: ReceiptBundle) async throws(LogClientError) -> ReceiptBundle {
        var indexes: [UInt64] = []
        for statement in statements { indexes.append(try await index(of: statement)) }
        return try await addingEvidence(entries: indexes, to: bundle)
    }

    /// `bundle` made a v2 bundle carrying the log entries at `indexes` (sorted, once each), each
    /// with its inclusion proof to the bundle's checkpoint, and for each the first witnessed
    /// checkpoint that covers it, with its consistency proof to the bundle's checkpoint. Every
    /// proof is checked before the bundle is returned.
    public func addingEvidence(entries indexes: [UInt64], to bundle: ReceiptBundle) async throws(LogClientError) -> ReceiptBundle {
        let entries = try await self.entries(Set(indexes).sorted(), at: bundle.checkpoint)
        let witnessed = try await self.witnessed(for: entries.map(\.index), at: bundle.checkpoint)
        return try Self.assemble { () throws(VerificationError) in
            try ReceiptBundle(
                statement: bundle.statement, proof: bundle.proof, coseReceipt: bundle.coseReceipt, entries: entries, witnessed: witnessed)
        }
    }

    /// The entries at `indexes` with their inclusion proofs to `checkpoint`, each checked.
    /// Throws ``LogClientError/Code/notPublished`` for an entry logged after `checkpoint`.
    func entries(_ indexes: [UInt64], at checkpoint: Checkpoint) async throws(LogClientError) -> [BundleEntry] {
        var out: [BundleEntry] = []
        for index in indexes {
            guard index < checkpoint.treeSize else {
                throw LogClientError(
                    .notPublished,
                    "entry \(index) was logged after the bundle's checkpoint of size \(checkpoint.treeSize); refresh the bundle once the log has published a newer checkpoint")
            }
            let statement = try await client.entry(index)
            let answer = try await client.proof(index: index, treeSize: checkpoint.treeSize)
            let proof = try Self.tlogProof(answer, index: index)
            let entry = try Self.assemble { () throws(VerificationError) in
                try BundleEntry(index: index, statement: statement, inclusionProof: proof.inclusionProof)
            }
            guard entry.isIncluded(treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash) else {
                throw LogClientError(
                    .verificationFailed, "refused: the log's inclusion path for entry \(index) does not lead to the bundle's checkpoint")
            }
            out.append(entry)
        }
        return out
    }

    /// For each index, the first witnessed checkpoint covering it (`GET /entries/<index>/witnessed`),
    /// with its consistency proof to `checkpoint` (built from tiles authenticated against
    /// `checkpoint`), each checked; one per tree size, in tree-size order.
    func witnessed(for indexes: [UInt64], at checkpoint: Checkpoint) async throws(LogClientError) -> [WitnessedCheckpoint] {
        var bySize: [UInt64: WitnessedCheckpoint] = [:]
        for index in indexes {
            let bytes: [UInt8]
            do {
                bytes = try await client.firstWitnessedCheckpoint(covering: index)
            } catch where error.code == .status {
                throw LogClientError(.notFound, "no witnessed checkpoint covers entry \(index): \(error.message)", underlying: error)
            }
            let note: Note
            do {
                note = try Note(parsing: bytes)
                if let key { _ = try note.verify(with: [key]) }
            } catch {
                throw LogClientError(
                    .verificationFailed, "the log's witnessed checkpoint for entry \(index) does not verify: \(LogClientError.message(of: error))",
                    underlying: error)
            }
            var w = try Self.assemble { () throws(VerificationError) in try WitnessedCheckpoint(note: note, consistencyProof: []) }
            let size = w.checkpoint.treeSize
            guard size > index, size <= checkpoint.treeSize else {
                throw LogClientError(
                    .notPublished,
                    "the log's first witnessed checkpoint for entry \(index) has size \(size), not in (\(index), \(checkpoint.treeSize)]; refresh the bundle first")
            }
            if bySize[size] != nil { continue }
            if size < checkpoint.treeSize {
                let proof = try await client.consistencyProof(from: size, to: checkpoint)
                w = try Self.assemble { () throws(VerificationError) in try WitnessedCheckpoint(note: note, consistencyProof: proof) }
            }
            guard w.isConsistent(with: checkpoint) else {
                throw LogClientError(
                    .inconsistent, "refused: the witnessed checkpoint of size \(size) is not consistent with the bundle's checkpoint")
            }
            bySize[size] = w
        }
        return bySize.keys.sorted().compactMap { bySize[$0] }
    }
}
