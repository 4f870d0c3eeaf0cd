// RFC 9942: COSE Receipts, the receipt of inclusion for RFC9162_SHA256 (RFC 9942 §5.2), with the
// CWT claims RFC 9943 puts in a receipt's protected header.
//
//   18([ <<{1: -8, 4: kid, 15: {1: origin, 2: origin}, 395: 1, -65537: tree_size}>>,   protected
//        {396: {-1: [<<[tree_size, leaf_index, [path…]]>>]}},               unprotected: vdp
//        nil,                                                               payload: the root, detached
//        signature ])
import CBOR
public import COSE
public import CryptoPrimitives
public import Merkle

/// A receipt of inclusion (RFC 9942 §5.2.1): the log's signature over a tree root, with the
/// inclusion proof that connects one entry to that root.
///
/// ReceiptLog issues one inclusion proof per receipt, `kid` and the CWT claims (RFC 9597) with
/// `iss` and `sub` both the log's origin in the protected header (RFC 9943 §6: the log is the
/// issuer, and its tree the subject, of the signed tree head), and nothing in the unprotected
/// header but `vdp`. It also signs the tree size, under the private-use label ``treeSizeLabel``
/// of the protected header: the signed root alone does not bind the proof's `tree_size` (nor,
/// with it, `leaf_index`), since paths of the same shape give the same root for several sizes
/// (RFC 9942 §5.2.1 encourages profiles to make further protected header parameters mandatory).
///
/// It accepts any receipt of RFC 9942 for RFC9162_SHA256 whose required parameters are right:
/// see ``parse(_:)``.
public struct COSEReceipt: Sendable, Hashable {
    /// The signed message; its payload is nil (detached).
    public let message: COSESign1
    /// The inclusion proofs carried under `vdp` / -1, in order; never empty.
    public let proofs: [InclusionProof]
    /// The bytes the receipt was parsed from, kept so that a receipt in another encoding is
    /// passed on unchanged; nil for a receipt issued here, which is encoded deterministically.
    private let parsedBytes: [UInt8]?

    /// `vds` value for RFC9162_SHA256 (RFC 9942 §5.1).
    public static let rfc9162SHA256: Int64 = 1
    /// The `vdp` map label of inclusion proofs (RFC 9942 §5.2).
    public static let inclusionProofsLabel: Int64 = -1
    /// ReceiptLog's protected header label for the signed tree size: the first private-use
    /// label (RFC 9052 §3: integers below -65536 are private use).
    public static let treeSizeLabel: Int64 = -65537
    /// The CWT claim `iss` (RFC 8392 §3.1.1).
    public static let issuerClaim: Int64 = 1
    /// The CWT claim `sub` (RFC 8392 §3.1.2).
    public static let subjectClaim: Int64 = 2
    /// The most inclusion proofs a parsed receipt may carry.
    public static let maxProofs = 64

    /// Signs `rootHash`, the root of the tree of `proof.treeSize` leaves, as a receipt for the
    /// entry that `proof` connects to it.
    ///
    /// `keyID` is the log key's identifier, put in the protected header as `kid` (RFC 9052 §3.1);
    /// `issuer` is the log's origin, put in the CWT claims as `iss` and `sub`. The caller vouches that
    /// `proof` leads to `rootHash`; `proof.leafIndex < proof.treeSize` is a programming error
    /// otherwise (it traps).
    public static func issue(
        proof: InclusionProof, rootHash: Hash, issuer: String, keyID: [UInt8], key: Ed25519PrivateKey
    ) -> COSEReceipt {
        TreeHeadSignature(treeSize: proof.treeSize, rootHash: rootHash, issuer: issuer, keyID: keyID, key: key)
            .receipt(for: proof)
    }

    /// The unprotected header that carries `proof` (RFC 9942 §5.2.1).
    static func vdp(_ proof: InclusionProof) -> [CBOR: CBOR] {
        [COSEHeaderLabel.key(COSEHeaderLabel.vdp): .map([.int(inclusionProofsLabel): .array([.bytes(proof.receiptEncoding())])])]
    }

    init(message: COSESign1, proofs: [InclusionProof], parsedBytes: [UInt8]? = nil) {
        precondition(!proofs.isEmpty, "a receipt carries at least one inclusion proof")
        self.message = message
        self.proofs = proofs
        self.parsedBytes = parsedBytes
    }

    /// The first (for a receipt issued here, the only) inclusion proof.
    public var proof: InclusionProof { proofs[0] }

    /// The log key identifier from the protected header, or empty when it carries none.
    public var keyID: [UInt8] {
        message.protectedHeader[COSEHeaderLabel.key(COSEHeaderLabel.kid)]?.byteString ?? []
    }

    /// The CWT claim `iss` of the protected header (RFC 9943 §7: the transparency service's
    /// identifier; for ReceiptLog the log's origin), or nil when the receipt carries none.
    public var issuer: String? {
        message.protectedHeader[COSEHeaderLabel.key(COSEHeaderLabel.cwtClaims)]?.map?[.int(Self.issuerClaim)]?.textString
    }

    /// The signed tree size (``treeSizeLabel``), or nil when the receipt does not sign one.
    public var signedTreeSize: UInt64? { message.protectedHeader[.int(Self.treeSizeLabel)]?.uint64 }

    /// The receipt as bytes: the bytes it was parsed from, or for a receipt issued here the
    /// tagged COSE_Sign1 in deterministic encoding.
    public func encoded() -> [UInt8] { parsedBytes ?? message.encoded(tagged: true) }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.encoded() == rhs.encoded() }
    public func hash(into hasher: inout Hasher) { hasher.combine(encoded()) }

    /// Parses a receipt of inclusion for RFC9162_SHA256 (RFC 9942 §5.2.1): a COSE_Sign1 with tag
    /// 18 (RFC 9942 §3.3); in its protected header `alg` EdDSA (-8) and `vds` 1, which RFC 9942
    /// requires, and, when present, `kid` as a byte string, the CWT claims (15) as a map whose
    /// `iss` and `sub` are text, the tree size (``treeSizeLabel``) as an unsigned integer equal to every
    /// proof's `tree_size`; other protected or unprotected
    /// header parameters are allowed and ignored (RFC 9942's CDDL ends both maps with
    /// `* cose-label => cose-value`). The unprotected header carries `vdp` (396) with 1 to
    /// ``maxProofs`` inclusion proofs under -1, each a byte string holding a valid proof with
    /// `leaf_index < tree_size`, all of one tree size; the payload is nil (detached).
    /// Parsing checks no signature: use ``verify(entry:key:)``.
    ///
    /// Throws ``StatementsError`` with codes ``StatementsError/Code/receiptMalformed``,
    /// ``StatementsError/Code/receiptUnsupported``, ``StatementsError/Code/receiptBadProof`` or
    /// ``StatementsError/Code/receiptIndexOutOfRange``.
    public static func parse(_ bytes: some Collection<UInt8>) throws(StatementsError) -> COSEReceipt {
        let input = Array(bytes)
        let message: COSESign1
        do {
            message = try COSESign1.parse(input)
        } catch {
            throw StatementsError(.receiptMalformed, "the receipt is not a COSE_Sign1: \(error)")
        }
        guard input.first == 0xD2 else {
            throw StatementsError(.receiptMalformed, "a receipt must carry the COSE_Sign1 tag 18 (RFC 9942 §3.3)")
        }
        try checkProtectedHeader(message.protectedHeader)
        guard message.payload == nil else {
            throw StatementsError(.receiptMalformed, "the receipt's payload (the tree root) must be detached")
        }
        let vdpLabel = COSEHeaderLabel.key(COSEHeaderLabel.vdp)
        guard let vdp = message.unprotectedHeader[vdpLabel]?.map else {
            throw StatementsError(.receiptMalformed, "the unprotected header must hold vdp (396), a map")
        }
        guard let encodedProofs = vdp[.int(inclusionProofsLabel)]?.array else {
            throw StatementsError(.receiptBadProof, "vdp must hold the inclusion proofs (-1), an array")
        }
        guard (1...maxProofs).contains(encodedProofs.count) else {
            throw StatementsError(.receiptBadProof, "a receipt carries 1 to \(maxProofs) inclusion proofs, not \(encodedProofs.count)")
        }
        var proofs: [InclusionProof] = []
        for encoded in encodedProofs {
            guard let proofBytes = encoded.byteString else {
                throw StatementsError(.receiptBadProof, "an inclusion proof is carried as a byte string")
            }
            proofs.append(try InclusionProof(receiptEncoding: proofBytes))
        }
        let treeSize = message.protectedHeader[.int(treeSizeLabel)]?.uint64 ?? proofs[0].treeSize
        guard let stray = proofs.first(where: { $0.treeSize != treeSize }) else {
            return COSEReceipt(message: message, proofs: proofs, parsedBytes: input)
        }
        throw StatementsError(.receiptBadProof, "a proof's tree size \(stray.treeSize) is not the signed tree size \(treeSize)")
    }

    /// RFC 9942 §5.2.1: `alg` and `vds` are required; the parameters ReceiptLog reads must have
    /// the right type when present. (`crit` is checked with the signature, RFC 9052 §3.1.)
    private static func checkProtectedHeader(_ header: [CBOR: CBOR]) throws(StatementsError) {
        let alg = COSEHeaderLabel.key(COSEHeaderLabel.alg)
        let kid = COSEHeaderLabel.key(COSEHeaderLabel.kid)
        let vds = COSEHeaderLabel.key(COSEHeaderLabel.vds)
        let claims = COSEHeaderLabel.key(COSEHeaderLabel.cwtClaims)
        guard header[vds] == .int(rfc9162SHA256) else {
            throw StatementsError(.receiptUnsupported, "vds (395) must be 1, RFC9162_SHA256, not \(header[vds].map { "\($0)" } ?? "absent")")
        }
        guard header[alg] == .int(COSEAlgorithm.edDSA) else {
            throw StatementsError(.receiptUnsupported, "alg must be EdDSA (-8), not \(header[alg].map { "\($0)" } ?? "absent")")
        }
        if let value = header[kid], value.byteString == nil {
            throw StatementsError(.receiptMalformed, "kid (4) must be a byte string")
        }
        if let value = header[claims] {
            guard let map = value.map else {
                throw StatementsError(.receiptMalformed, "the CWT claims (15) must be a map (RFC 9597 §2)")
            }
            for (claim, name) in [(issuerClaim, "iss (1)"), (subjectClaim, "sub (2)")] {
                if let value = map[.int(claim)], value.textString == nil {
                    throw StatementsError(.receiptMalformed, "the CWT claim \(name) must be a text string (RFC 8392 §3.1)")
                }
            }
        }
        if let value = header[.int(treeSizeLabel)], value.uint64 == nil {
            throw StatementsError(.receiptMalformed, "the tree size (\(treeSizeLabel)) must be an unsigned integer")
        }
    }

    /// Verifies that this receipt proves `entry` is in the log whose key is `key`; with
    /// `leafIndex`, only a proof for that leaf counts.
    ///
    /// RFC 9942 §5.2.1: recomputes the root from the entry's leaf hash (RFC 9162 §2.1.1) and an
    /// inclusion path, then checks the log's signature over that root (the detached payload).
    /// Throws ``StatementsError/Code/receiptNotVerified`` when no proof of the receipt does: no
    /// proof for `leafIndex`, paths of the wrong length, roots that are not the signed one, or a
    /// signature that is not the key's.
    public func verify(entry: some Collection<UInt8>, key: Ed25519PublicKey, leafIndex: UInt64? = nil) throws(StatementsError) {
        try verify(leafHash: Hash.leaf(entry), key: key, leafIndex: leafIndex)
    }

    /// Verifies the receipt for the entry whose leaf hash is `leafHash`; see
    /// ``verify(entry:key:leafIndex:)``.
    public func verify(leafHash: Hash, key: Ed25519PublicKey, leafIndex: UInt64? = nil) throws(StatementsError) {
        let candidates = proofs.filter { leafIndex == nil || $0.leafIndex == leafIndex }
        guard let first = candidates.first else {
            throw StatementsError(
                .receiptNotVerified,
                "the receipt's proofs are for leaf \(proofs.map { String($0.leafIndex) }.joined(separator: ", ")), not \(leafIndex ?? 0)")
        }
        var roots: [Hash] = []
        for proof in candidates {
            guard let root = try? rootFromInclusionProof(
                leafHash: leafHash, index: proof.leafIndex, treeSize: proof.treeSize, proof: proof.hashes)
            else { continue }
            if !roots.contains(root) { roots.append(root) }
        }
        guard !roots.isEmpty else {
            throw StatementsError(.receiptNotVerified, "the inclusion path does not fit leaf \(first.leafIndex) of a tree of \(first.treeSize)")
        }
        var failure = ""
        for root in roots {
            do {
                try message.verify(key: key, detachedPayload: root.bytes)
                return
            } catch {
                failure = "\(error)"
            }
        }
        throw StatementsError(.receiptNotVerified, "the log did not sign the root that the entry and its inclusion path give: \(failure)")
    }
}
