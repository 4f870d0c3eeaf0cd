// specs/verify.md, "Report" and "Exit codes": one line per claim layer, then the assumptions, then
// the outcome. Failures and missing checks never collapse into success.

/// The result of verifying one receipt bundle against a trust policy.
public struct VerificationReport: Hashable, Sendable {
    /// The overall outcome of a report.
    public enum Outcome: String, Hashable, Sendable, CustomStringConvertible {
        /// Every required layer is VERIFIED or POLICY_MATCH, and no layer FAILED.
        case verified = "VERIFIED"
        /// At least one layer FAILED.
        case failed = "FAILED"
        /// No layer failed, but a required layer is not VERIFIED or POLICY_MATCH.
        case notChecked = "NOT_CHECKED"

        /// The process exit status of `receiptlog verify` for this outcome: 0, 1 or 2.
        public var exitCode: Int32 {
            switch self {
            case .verified: 0
            case .failed: 1
            case .notChecked: 2
            }
        }

        public var description: String { rawValue }
    }

    /// One line per claim layer, in the order of ``ClaimLayer``; commitments in field order.
    public let checks: [ClaimCheck]
    /// What the verdicts rest on without a check.
    public let assumptions: [Assumption]

    /// Creates a report from its lines and assumptions.
    public init(checks: [ClaimCheck], assumptions: [Assumption]) {
        self.checks = checks
        self.assumptions = assumptions
    }

    /// The outcome: ``Outcome/failed`` if any line failed (required or not), else
    /// ``Outcome/notChecked`` if a required line is not VERIFIED or POLICY_MATCH, else
    /// ``Outcome/verified``.
    public var outcome: Outcome {
        if checks.contains(where: { $0.verdict == .failed }) { return .failed }
        if checks.contains(where: { $0.required && !$0.verdict.satisfiesRequirement }) { return .notChecked }
        return .verified
    }

    /// The line for `layer`, if the report has one.
    public func check(_ layer: ClaimLayer) -> ClaimCheck? {
        checks.first { $0.layer == layer }
    }
}
