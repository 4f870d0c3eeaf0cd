// DESIGN.md §2 and specs/verify.md, "Report": the claim layers a report has one line for.
public import Statements

/// A claim layer of a verification report, in report order.
public enum ClaimLayer: Hashable, Sendable, CustomStringConvertible {
    /// The statement is in the log: the checkpoint is signed by the policy's log key and the
    /// inclusion proof leads from the statement to its root.
    case logInclusion
    /// The checkpoint is cosigned by a quorum of the policy's witnesses.
    case witnessQuorum
    /// The bundle's RFC 9942 COSE receipt is the log's receipt for the statement.
    case coseReceipt
    /// The statement is signed by an issuer key of the policy and its claims are well formed
    /// under their profile.
    case issuerSignature
    /// The confidential-computing environment: platform measurements and evidence references.
    case environment
    /// The workload: image digest, nonce and freshness.
    case workloadIdentity
    /// The model: its digest and identifier.
    case modelIdentity
    /// One salted commitment of the inference event, opened with the holder's salt.
    case commitment(CommitmentField)

    /// The layer's name in reports: `log-inclusion`, …, `commitment request`.
    public var description: String {
        switch self {
        case .logInclusion: "log-inclusion"
        case .witnessQuorum: "witness-quorum"
        case .coseReceipt: "cose-receipt"
        case .issuerSignature: "issuer-signature"
        case .environment: "environment"
        case .workloadIdentity: "workload-identity"
        case .modelIdentity: "model-identity"
        case .commitment(let field): "commitment \(field.name)"
        }
    }
}
