// The authenticated claims of a statement, by receipt profile: our inference-receipt profile
// (specs/receipt-profile.md) or AIR v1 (specs/statements.md, "AIR v1 receipts").
import Statements

/// The claims of a statement whose signature verified, under the profile it declares.
enum ReceiptClaims {
    /// An inference receipt (`https://receiptlog.dev/profile/inference-receipt/v1`).
    case inference(InferenceReceiptClaims)
    /// An AIR v1 receipt, registered directly or wrapped in a signed statement.
    case air(AIRClaims)
    /// A signed statement of another content type: signed, but not a receipt this verifier reads.
    case other(String)
}
