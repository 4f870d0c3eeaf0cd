// DESIGN.md §2: the five verdicts a verifier gives a claim.

/// The verdict on one claim layer of a receipt.
public enum Verdict: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// A cryptographic check against a pinned key (or a recomputation from the verifier's own
    /// data) passed.
    case verified = "VERIFIED"
    /// A value in the authenticated receipt equals what the policy expects.
    case policyMatch = "POLICY_MATCH"
    /// Trusted without a check; always listed, never counted as checked.
    case assumed = "ASSUMED"
    /// Not checked: an input was missing (a bundle part, a file, a policy setting).
    case notChecked = "NOT_CHECKED"
    /// A check ran and failed.
    case failed = "FAILED"

    /// Whether the verdict satisfies a check the policy requires: only ``verified`` and
    /// ``policyMatch`` do.
    public var satisfiesRequirement: Bool { self == .verified || self == .policyMatch }

    /// The verdict's name, as printed (`VERIFIED`, `POLICY_MATCH`, …).
    public var description: String { rawValue }
}
