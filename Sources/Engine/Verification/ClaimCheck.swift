/// One line of a verification report: a claim layer, its verdict and why.
public struct ClaimCheck: Hashable, Sendable {
    /// The layer checked.
    public let layer: ClaimLayer
    /// The verdict.
    public let verdict: Verdict
    /// Whether the policy (or the verifier's request, such as a commitment to open) requires this
    /// layer: a required layer must be ``Verdict/verified`` or ``Verdict/policyMatch`` for the
    /// report to pass.
    public let required: Bool
    /// The failure code for ``Verdict/failed`` and ``Verdict/notChecked`` (for example
    /// `INCLUSION_FAILED` or AIR v1's `TIMESTAMP_STALE`); nil otherwise.
    public let code: String?
    /// What was checked and what was found, for people; one line.
    public let reason: String

    /// Creates a report line.
    public init(layer: ClaimLayer, verdict: Verdict, required: Bool, code: String? = nil, reason: String) {
        self.layer = layer
        self.verdict = verdict
        self.required = required
        self.code = code
        self.reason = reason.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
