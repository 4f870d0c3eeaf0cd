// RFC 9942: COSE Receipts, the receipt of inclusion for RFC9162_SHA256 (RFC 9942 §5.2).
//
//   18([ <<{1: -8, 4: kid, 395: 1, -65537: tree_size}>>,   protected: alg, kid, vds, tree size
//        {396: {-1: [<<[tree_size, leaf_index, [path…]]>>]}},   unprotected: vdp
//        nil,                                          payload: the tree root, detached
//        signature ])
import CBOR
public import COSE
public import CryptoPrimitives
public import Merkle

/// A receipt of inclusion (RFC 9942 §5.2.1): the log's signature over a tree root, with the
/// inclusion proof that connects one entry to that root.
///
/// ReceiptLog issues and accepts exactly one inclusion proof per receipt, `kid` in the protected
/// header, and nothing in the unprotected header but `vdp`. It also signs the tree size, under
/// the private-use label ``treeSizeLabel`` of the protected header: the signed root alone does
/// not bind the proof's `tree_size` (nor, with it, `leaf_index`), since paths of the same shape
/// give the same root for several sizes (RFC 9942 §5.2.1 encourages profiles to make further
/// protected header parameters mandatory).
public struct COSEReceipt: Sendable, Hashable {
    /// The signed message; its payload is nil (detached).
    public let message: COSESign1
    /// The inclusion proof carried under `vdp` / -1.
    public let proof: InclusionProof

    /// `vds` value for RFC9162_SHA256 (RFC 9942 §5.1).
    public static let rfc9162SHA256: Int64 = 1
    /// The `vdp` map label of inclusion proofs (RFC 9942 §5.2).
    public static let inclusionProofsLabel: Int64 = -1
    /// ReceiptLog's protected header label for the signed tree size: the first private-use
    /// label (RFC 9052 §3: integers below -65536 are private use).
    public static let treeSizeLabel: Int64 = -65537

    /// Signs `rootHash`, the root of the tree of `proof.treeSize` leaves, as a receipt for the
    /// entry that `proof` connects to it.
    ///
    /// `keyID` is the log key's identifier, put in the protected header as `kid` (RFC 9052 §3.1).
    /// The caller vouches that `proof` leads to `rootHash`; `proof.leafIndex < proof.treeSize`
    /// is a programming error otherwise (it traps).
    public static func issue(
        proof: InclusionProof, rootHash: Hash, keyID: [UInt8], key: Ed25519PrivateKey
    ) -> COSEReceipt {
        TreeHeadSignature(treeSize: proof.treeSize, rootHash: rootHash, keyID: keyID, key: key).receipt(for: proof)
    }

    /// The unprotected header that carries `proof` (RFC 9942 §5.2.1).
    static func vdp(_ proof: InclusionProof) -> [CBOR: CBOR] {
        [COSEHeaderLabel.key(COSEHeaderLabel.vdp): .map([.int(inclusionProofsLabel): .array([.bytes(proof.receiptEncoding())])])]
    }

    init(message: COSESign1, proof: InclusionProof) {
        self.message = message
        self.proof = proof
    }

    /// The log key identifier from the protected header.
    public var keyID: [UInt8] {
        message.protectedHeader[COSEHeaderLabel.key(COSEHeaderLabel.kid)]?.byteString ?? []
    }

    /// The receipt as bytes: the tagged COSE_Sign1 in deterministic encoding.
    public func encoded() -> [UInt8] { message.encoded(tagged: true) }

    /// Parses a receipt strictly: a tagged COSE_Sign1 (RFC 9942 §3.3) in deterministic encoding
    /// (RFC 8949 §4.2.1), so `encoded()` gives back the input; protected header exactly `alg`
    /// (-8), `kid` (a byte string), `vds` (1) and the tree size (``treeSizeLabel``); unprotected
    /// header exactly `vdp` with exactly one inclusion proof under -1, whose `tree_size` is the
    /// signed one; payload nil; a valid inclusion proof encoding with `leaf_index < tree_size`.
    /// Parsing checks no signature: use ``verify(entry:key:)``.
    ///
    /// Throws ``StatementsError`` with codes ``StatementsError/Code/receiptMalformed``,
    /// ``StatementsError/Code/receiptUnsupported``, ``StatementsError/Code/receiptBadProof`` or
    /// ``StatementsError/Code/receiptIndexOutOfRange``.
    public static func parse(_ bytes: some Collection<UInt8>) throws(StatementsError) -> COSEReceipt {
        let input = Array(bytes)
        let message: COSESign1
        do {
            message = try COSESign1.parse(input, requireDeterministic: true)
        } catch {
            throw StatementsError(.receiptMalformed, "the receipt is not a COSE_Sign1 in deterministic CBOR: \(error)")
        }
        guard message.encoded(tagged: true) == input else {
            throw StatementsError(.receiptMalformed, "a receipt must carry the COSE_Sign1 tag 18 (RFC 9942 §3.3)")
        }
        try checkProtectedHeader(message.protectedHeader)
        guard message.payload == nil else {
            throw StatementsError(.receiptMalformed, "the receipt's payload (the tree root) must be detached")
        }
        let vdpLabel = COSEHeaderLabel.key(COSEHeaderLabel.vdp)
        guard message.unprotectedHeader.count == 1, let vdp = message.unprotectedHeader[vdpLabel]?.map else {
            throw StatementsError(.receiptMalformed, "the unprotected header must hold exactly vdp (396), a map")
        }
        guard vdp.count == 1, let proofs = vdp[.int(inclusionProofsLabel)]?.array else {
            throw StatementsError(.receiptBadProof, "vdp must hold exactly the inclusion proofs (-1), an array")
        }
        guard proofs.count == 1, let proofBytes = proofs[0].byteString else {
            throw StatementsError(.receiptBadProof, "a receipt carries exactly one inclusion proof, as a byte string")
        }
        let proof = try InclusionProof(receiptEncoding: proofBytes)
        guard message.protectedHeader[.int(treeSizeLabel)] == .unsigned(proof.treeSize) else {
            throw StatementsError(.receiptBadProof, "the proof's tree size \(proof.treeSize) is not the signed tree size")
        }
        return COSEReceipt(message: message, proof: proof)
    }

    /// RFC 9942 §5.2.1: `alg` and `vds` are required; ReceiptLog also requires `kid` and the
    /// tree size.
    private static func checkProtectedHeader(_ header: [CBOR: CBOR]) throws(StatementsError) {
        let alg = COSEHeaderLabel.key(COSEHeaderLabel.alg)
        let kid = COSEHeaderLabel.key(COSEHeaderLabel.kid)
        let vds = COSEHeaderLabel.key(COSEHeaderLabel.vds)
        guard header[vds] == .int(rfc9162SHA256) else {
            throw StatementsError(.receiptUnsupported, "vds (395) must be 1, RFC9162_SHA256, not \(header[vds].map { "\($0)" } ?? "absent")")
        }
        guard header[alg] == .int(COSEAlgorithm.edDSA) else {
            throw StatementsError(.receiptUnsupported, "alg must be EdDSA (-8), not \(header[alg].map { "\($0)" } ?? "absent")")
        }
        guard header[kid]?.byteString != nil else {
            throw StatementsError(.receiptMalformed, "the protected header must carry kid (4) as a byte string")
        }
        guard header[.int(treeSizeLabel)]?.uint64 != nil else {
            throw StatementsError(.receiptMalformed, "the protected header must carry the tree size (\(treeSizeLabel)) as an unsigned integer")
        }
        guard header.count == 4 else {
            throw StatementsError(.receiptMalformed, "the protected header must hold exactly alg, kid, vds and the tree size")
        }
    }

    /// Verifies that this receipt proves `entry` is in the log whose key is `key`.
    ///
    /// RFC 9942 §5.2.1: recomputes the root from the entry's leaf hash (RFC 9162 §2.1.1) and the
    /// inclusion path, then checks the log's signature over that root (the detached payload).
    /// Throws ``StatementsError/Code/receiptIndexOutOfRange`` when `leaf_index >= tree_size`,
    /// and ``StatementsError/Code/receiptNotVerified`` for any other failure: a path of the wrong
    /// length, a root that is not the signed one, or a signature that is not the key's.
    public func verify(entry: some Collection<UInt8>, key: Ed25519PublicKey) throws(StatementsError) {
        try verify(leafHash: Hash.leaf(entry), key: key)
    }

    /// Verifies the receipt for the entry whose leaf hash is `leafHash`; see ``verify(entry:key:)``.
    public func verify(leafHash: Hash, key: Ed25519PublicKey) throws(StatementsError) {
        guard proof.leafIndex < proof.treeSize else {
            throw StatementsError(.receiptIndexOutOfRange, "leaf index \(proof.leafIndex) is not below tree size \(proof.treeSize)")
        }
        let root: Hash
        do {
            root = try rootFromInclusionProof(
                leafHash: leafHash, index: proof.leafIndex, treeSize: proof.treeSize, proof: proof.hashes)
        } catch {
            throw StatementsError(.receiptNotVerified, "the inclusion path does not fit leaf \(proof.leafIndex) of a tree of \(proof.treeSize)")
        }
        do {
            try message.verify(key: key, detachedPayload: root.bytes)
        } catch {
            throw StatementsError(.receiptNotVerified, "the log did not sign the root that the entry and its inclusion path give: \(error)")
        }
    }
}
