public import Merkle
public import Notes
public import Statements

/// The durable answer to a registration: where the entry is, the signed checkpoint of the first
/// tree that holds it, and the proofs for that tree.
public struct RegistrationAnswer: Sendable {
    /// The entry's index.
    public let index: UInt64
    /// The entry's RFC 6962 leaf hash.
    public let leafHash: Hash
    /// The signed checkpoint the proofs lead to.
    public let treeHead: TreeHead
    /// The inclusion proof of the entry in ``treeHead``'s tree.
    public let inclusionProof: InclusionProof

    /// The RFC 9942 COSE receipt.
    public var receipt: COSEReceipt { treeHead.receiptSignature.receipt(for: inclusionProof) }

    /// The `c2sp.org/tlog-proof@v1` proof.
    public var tlogProof: TlogProof {
        // The proof's parts come from the log's own signed tree head: they always form a proof.
        try! TlogProof(index: index, inclusionProof: inclusionProof.hashes, note: treeHead.note)
    }
}
