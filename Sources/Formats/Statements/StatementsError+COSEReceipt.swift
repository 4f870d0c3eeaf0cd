// Error codes for COSE Receipts (RFC 9942; specs/statements.md "COSE Receipts").

extension StatementsError.Code {
    /// The bytes are not a receipt as ReceiptLog issues them: not a tagged COSE_Sign1 in
    /// deterministic encoding, a payload that is not detached, or a header that is missing,
    /// of the wrong type or not allowed.
    public static let receiptMalformed = Self("receiptMalformed")
    /// The receipt's `vds` is not RFC9162_SHA256 (1), or its `alg` is not EdDSA (-8).
    public static let receiptUnsupported = Self("receiptUnsupported")
    /// The inclusion proof is not `[tree_size, leaf_index, [+ 32-byte bstr]]` in deterministic
    /// encoding, or there is not exactly one.
    public static let receiptBadProof = Self("receiptBadProof")
    /// The proof's `leaf_index` is not below its `tree_size` (RFC 9942, RFC 9162 §2.1.3.2).
    public static let receiptIndexOutOfRange = Self("receiptIndexOutOfRange")
    /// The entry, the inclusion path and the signature do not agree: the root recomputed from
    /// the entry and the path is not the root the log signed, or the signature is not the log's.
    public static let receiptNotVerified = Self("receiptNotVerified")
}
