// Error codes for COSE Receipts (RFC 9942; specs/statements.md "COSE Receipts").

extension StatementsError.Code {
    /// The bytes are not an RFC 9942 receipt: not a COSE_Sign1 with tag 18, a payload that is
    /// not detached, or a header parameter that is missing or of the wrong type.
    public static let receiptMalformed = Self("receiptMalformed")
    /// The receipt's `vds` is not RFC9162_SHA256 (1), its `alg` is not EdDSA (-8), or its `crit`
    /// names a header parameter the verifier does not process.
    public static let receiptUnsupported = Self("receiptUnsupported")
    /// The inclusion proof is not `[tree_size, leaf_index, [+ 32-byte bstr]]` in deterministic
    /// encoding, there are none or too many, or they disagree with the signed tree size.
    public static let receiptBadProof = Self("receiptBadProof")
    /// The proof's `leaf_index` is not below its `tree_size` (RFC 9942, RFC 9162 §2.1.3.2).
    public static let receiptIndexOutOfRange = Self("receiptIndexOutOfRange")
    /// The entry, the inclusion path and the signature do not agree: the root recomputed from
    /// the entry and the path is not the root the log signed, or the signature is not the log's.
    public static let receiptNotVerified = Self("receiptNotVerified")
}
