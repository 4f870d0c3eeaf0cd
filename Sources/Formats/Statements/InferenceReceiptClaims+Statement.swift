// specs/receipt-profile.md §Signed statement: an inference receipt is registered as the payload
// of a SCITT signed statement (RFC 9943 §6) whose content type is the EAT unprotected claims set
// media type with this profile (RFC 9782 §3, application/eat-ucs+cbor). The statement's
// signature covers the claims; the statement's `iss` and `sub` equal the claims' `iss` and `sub`.
public import CryptoPrimitives

extension InferenceReceiptClaims {
    /// The content type of a signed statement that carries an inference receipt.
    public static let contentType = SignedStatement.ContentType.mediaType(
        "application/eat-ucs+cbor; eat_profile=\"\(profile)\"")

    /// Validates and encodes the claims and signs them as a statement of ``issuer`` about
    /// ``subject`` with `key`; the `kid` is the key ID of `key` under the name ``issuer``.
    ///
    /// Throws what ``encoded()`` and ``SignedStatement/sign(issuer:subject:contentType:payload:key:additionalClaims:unprotectedHeader:)``
    /// throw.
    public func signedStatement(key: Ed25519PrivateKey) throws(StatementsError) -> SignedStatement {
        try SignedStatement.sign(
            issuer: issuer, subject: subject, contentType: Self.contentType, payload: try encoded(), key: key)
    }

    /// Reads the inference receipt carried by `statement`. Does not check the signature (see
    /// ``SignedStatement/verifySignature(with:)``).
    ///
    /// Throws `wrongReceiptProfile` unless the statement's content type is ``contentType``,
    /// the errors of ``init(encoded:)`` for its payload, and `badReceiptClaims` when the claims'
    /// `iss` or `sub` differ from the statement's.
    public init(statement: SignedStatement) throws(StatementsError) {
        guard statement.contentType == Self.contentType else {
            throw StatementsError(
                .wrongReceiptProfile,
                "the statement's content type is \(statement.contentType.map { "\($0)" } ?? "absent"), not \(Self.contentType)")
        }
        try self.init(encoded: statement.payload)
        guard issuer == statement.issuer, subject == statement.subject else {
            throw StatementsError(.badReceiptClaims, "the receipt's iss and sub differ from the statement's")
        }
    }
}
