// One signature per tree head. The signature of a receipt covers only its protected header and
// the detached root (RFC 9052 §4.4): the inclusion proof travels in the unprotected header. So a
// log signs each tree head once and hands every entry of that tree the same signature with its
// own proof.
import CBOR
import COSE
public import CryptoPrimitives
public import Merkle

extension COSEReceipt {
    /// The log's signature over one tree head (size and root), from which the receipt of any
    /// entry of that tree is assembled without signing again.
    public struct TreeHeadSignature: Sendable, Hashable {
        /// The signed tree size.
        public let treeSize: UInt64
        /// The signed root hash.
        public let rootHash: Hash
        /// The signed message, with an empty unprotected header.
        let message: COSESign1

        /// Signs the tree head of `treeSize` leaves with root `rootHash`; `keyID` goes in the
        /// protected header as `kid` (RFC 9052 §3.1) and `issuer`, the log's origin, as the CWT
        /// claims `iss` and `sub` (RFC 9597, RFC 9943 §6): the log says this of its own tree.
        /// Ed25519 is deterministic, so signing the same tree head again gives the same bytes.
        public init(treeSize: UInt64, rootHash: Hash, issuer: String, keyID: [UInt8], key: Ed25519PrivateKey) {
            self.treeSize = treeSize
            self.rootHash = rootHash
            self.message = COSESign1.sign(
                protectedHeader: [
                    COSEHeaderLabel.key(COSEHeaderLabel.alg): .int(COSEAlgorithm.edDSA),
                    COSEHeaderLabel.key(COSEHeaderLabel.kid): .bytes(keyID),
                    COSEHeaderLabel.key(COSEHeaderLabel.cwtClaims): .map([
                        .int(COSEReceipt.issuerClaim): .text(issuer), .int(COSEReceipt.subjectClaim): .text(issuer),
                    ]),
                    COSEHeaderLabel.key(COSEHeaderLabel.vds): .int(COSEReceipt.rfc9162SHA256),
                    .int(COSEReceipt.treeSizeLabel): .unsigned(treeSize),
                ],
                unprotectedHeader: [:],
                payload: rootHash.bytes, detached: true, key: key)
        }

        /// The receipt for the entry that `proof` connects to this tree head.
        ///
        /// The caller vouches that `proof` leads to ``rootHash``; a proof for another tree size
        /// is a programming error (it traps).
        public func receipt(for proof: InclusionProof) -> COSEReceipt {
            precondition(proof.treeSize == treeSize, "a receipt's proof must be for the signed tree size")
            precondition(proof.leafIndex < proof.treeSize, "a receipt's leaf index must be below its tree size")
            var message = self.message
            message.unprotectedHeader = COSEReceipt.vdp(proof)
            return COSEReceipt(message: message, proofs: [proof])
        }
    }
}
