// specs/verify.md, "Verification": checks a receipt bundle against a trust policy, layer by layer,
// and reports every layer honestly. A missing input is NOT_CHECKED, never VERIFIED; a claim is
// read only after the statement's signature verified; any failure fails the report.

/// Verifies receipt bundles against a trust policy, offline.
///
/// A value is immutable and safe to share between tasks; ``verify(_:inputs:)`` does no I/O (the
/// model directory is hashed by the caller into ``VerificationInputs/modelFiles``).
public struct Verifier: Sendable {
    /// The policy bundles are verified against.
    public let policy: TrustPolicy

    /// Creates a verifier for `policy`.
    public init(policy: TrustPolicy) {
        self.policy = policy
    }

    /// Verifies `bundle` and returns the report: one line per claim layer, then the assumptions.
    ///
    /// Never throws: every problem is a line's ``Verdict/failed`` or ``Verdict/notChecked``.
    public func verify(_ bundle: ReceiptBundle, inputs: VerificationInputs) -> VerificationReport {
        var checks = [ClaimCheck]()
        checks.append(logInclusion(bundle))
        let witnessed = witnessQuorum(bundle)
        checks.append(witnessed.check)
        checks.append(coseReceipt(bundle))
        let issuer = issuerSignature(bundle)
        checks.append(issuer.check)
        let environment = environment(issuer.claims, bundle: bundle, issuerKey: issuer.issuerKey, inputs: inputs)
        checks.append(environment.check)
        checks.append(workload(issuer.claims, now: inputs.now, witnessedBy: witnessed.quorumTime))
        checks.append(model(issuer.claims, files: inputs.modelFiles))
        checks += commitments(issuer.claims, openings: inputs.openings)

        var assumptions = [Assumption.pinnedKeys]
        if witnessed.check.verdict != .verified { assumptions.append(.singleLogView) }
        assumptions += [environment.roots.isEmpty ? .vendorRoots : .vendorRoots(environment.roots), .teeCorrectness, .issuerMeasuredCode]
        if policy.expectations.maximumAge != nil, issuer.claims != nil {
            assumptions.append(.hostClock(now: inputs.now, witnessedBy: witnessed.quorumTime))
        }
        assumptions.append(.outputCorrectness)
        return VerificationReport(checks: checks, assumptions: assumptions)
    }
}
