// The outcome of the registration checks: what enters the log and who signed it.
public import Merkle

/// A statement that passed the registration checks of a ``RegistrationPolicy``.
public struct Registration: Sendable, Hashable {
    /// The two forms a registered statement can take (specs/statements.md, "AIR v1 receipts").
    public enum Form: Sendable, Hashable {
        /// A SCITT signed statement (RFC 9943 §6). When its content type is
        /// ``SignedStatement/ContentType/airReceipt`` its payload is an AIR v1 receipt that passed
        /// AIR Layers 1 and 3, available as ``Registration/airReceipt``.
        case signedStatement(SignedStatement)
        /// An AIR v1 receipt registered directly: its `iss` claim selected the issuer, and it passed
        /// AIR Layers 1–3.
        case airReceipt(AIRReceipt)
    }

    /// The statement, in its form.
    public let form: Form
    /// The issuer key whose signature verified.
    public let issuerKey: IssuerKey
    /// The leaf form: the bytes that enter the log (the statement with an empty unprotected
    /// header, at most 65,535 bytes).
    public let leaf: [UInt8]
    /// The AIR v1 receipt: the statement itself (direct form) or its payload (wrapped form).
    public let airReceipt: AIRReceipt?
    /// The AIR v1 claims, validated by Layer 3, when the statement is or wraps an AIR receipt.
    public let airClaims: AIRClaims?

    /// The issuer's name: the statement's `iss`.
    public var issuer: String { issuerKey.name }

    /// The leaf hash of ``leaf``: SHA-256(0x00 ‖ leaf) (RFC 6962 §2.1).
    public var leafHash: Hash { Hash.leaf(leaf) }
}
