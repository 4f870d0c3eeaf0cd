public import Statements

/// A receipt issued by ``ReceiptIssuer``: the signed bytes to write and register, and the salts
/// that open its commitments, to keep private.
public struct IssuedReceipt: Sendable {
    /// The statement, or with ``IssuanceRequest/Format/air`` the AIR v1 receipt, as signed.
    public var bytes: [UInt8]
    /// The form of ``bytes``.
    public var format: IssuanceRequest.Format
    /// The claims signed (for an AIR v1 receipt, the claims it was made from: some are not
    /// carried by AIR v1).
    public var claims: InferenceReceiptClaims
    /// Field name → salt of each commitment.
    public var salts: [String: [UInt8]]
    /// The salts file of ``bytes`` (specs/receipt-profile.md §Salts file).
    public var saltsFile: SaltsFile
    /// The model manifest, when the model digest was computed from a directory.
    public var manifest: ModelManifest?
}
