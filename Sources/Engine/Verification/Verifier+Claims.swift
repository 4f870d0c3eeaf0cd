// specs/verify.md, "Verification", steps 5–7: environment, workload identity and model identity.
// Each compares the authenticated claims with the policy's expectations (POLICY_MATCH) and, for the
// model, with the digest recomputed from the verifier's own files (VERIFIED). AIR v1 receipts are
// evaluated by AIRVerifyPolicy, one layer at a time, so their failures carry AIR v1's exact codes;
// inference receipts use the same checks and codes.
import CryptoPrimitives
import Merkle
import Statements
import Appraisal

extension Verifier {
    /// The line for a layer that cannot read the claims, or nil when it can.
    private func unreadable(_ layer: ClaimLayer, _ claims: ReceiptClaims?, required: Bool) -> ClaimCheck? {
        switch claims {
        case nil:
            ClaimCheck(
                layer: layer, verdict: .notChecked, required: required,
                code: VerificationError.Code.unauthenticatedClaims.description,
                reason: "the statement's signature or claims did not verify, so its claims are not read")
        case .other(let type):
            ClaimCheck(
                layer: layer, verdict: .notChecked, required: required,
                code: VerificationError.Code.unknownReceiptProfile.description,
                reason: "the statement (content type \(type.prefix(128))) is not a receipt this verifier reads")
        default: nil
        }
    }

    private func notRequested(_ layer: ClaimLayer, _ claimed: String) -> ClaimCheck {
        ClaimCheck(
            layer: layer, verdict: .notChecked, required: false,
            code: VerificationError.Code.notRequested.description,
            reason: "the policy sets no expectation; the receipt claims \(claimed)")
    }

    private func failed(_ layer: ClaimLayer, _ code: String, _ reason: String) -> ClaimCheck {
        ClaimCheck(layer: layer, verdict: .failed, required: true, code: code, reason: reason)
    }

    /// Step 5: the environment (platform measurements, evidence references, key binding), and
    /// the appraisal of the referenced hardware evidence the bundle carries (Verifier+Evidence).
    /// Returns the line and the pinned vendor roots the appraised chains ended in.
    func environment(
        _ claims: ReceiptClaims?, bundle: ReceiptBundle, issuerKey: [UInt8]?, inputs: VerificationInputs
    ) -> (check: ClaimCheck, roots: [RootUsed]) {
        let e = policy.expectations
        if let line = unreadable(.environment, claims, required: e.requiresEnvironment) { return (line, []) }
        var appraisal: EvidenceOutcome?
        if case .inference(let c) = claims {
            appraisal = appraiseEvidence(bundle, references: c.evidence, keyBinding: c.keyBinding, issuerKey: issuerKey, inputs: inputs)
        }
        let line = environmentMatch(claims)
        guard let appraisal, line.verdict != .failed, line.verdict != .notChecked || line.code == VerificationError.Code.notRequested.description
        else { return (line, []) }
        return (
            ClaimCheck(
                layer: .environment, verdict: appraisal.verdict, required: e.requiresEnvironment,
                code: appraisal.code?.description, reason: appraisal.reason),
            appraisal.verdict == .verified ? appraisal.roots : []
        )
    }

    /// Step 5's policy match: the platform, the required evidence kinds, a known key binding.
    private func environmentMatch(_ claims: ReceiptClaims?) -> ClaimCheck {
        let e = policy.expectations
        let platform: AIRPlatform?
        let evidence: [InferenceReceiptEvidence]
        let keyBinding: String?
        switch claims {
        case .air(let air):
            if let expected = e.platform {
                do {
                    try AIRVerifyPolicy(expectedPlatform: expected).evaluate(air, now: 0)
                } catch {
                    return failed(.environment, error.code.description, error.message)
                }
            }
            (platform, evidence, keyBinding) = (air.measurements.platform, [], nil)
        case .inference(let c):
            (platform, evidence, keyBinding) = (c.measurements?.platform, c.evidence, c.keyBinding)
            if let expected = e.platform, platform != expected {
                return failed(
                    .environment, StatementsError.Code.platformMismatch.description,
                    "measurement_type is \(platform?.rawValue ?? "absent (no enclave_measurements)"); the policy expects \(expected.rawValue)")
            }
        default: preconditionFailure("unreadable(_:_:required:) handled the other cases")
        }
        let described =
            (platform.map { "platform \($0.rawValue)" } ?? "no platform measurements")
            + (evidence.isEmpty ? ", no evidence references" : ", evidence " + evidence.map { "\($0.kind) (sha256 \($0.digest.hex))" }.joined(separator: ", "))
            + (keyBinding.map { ", key binding \($0)" } ?? "")
        guard e.requiresEnvironment else { return notRequested(.environment, described) }
        for kind in e.evidenceKinds where !evidence.contains(where: { $0.kind == kind }) {
            return failed(
                .environment, VerificationError.Code.evidenceMissing.description,
                "the policy requires \(kind) evidence; the receipt has \(evidence.isEmpty ? "no evidence references" : "only " + evidence.map(\.kind).joined(separator: ", "))")
        }
        if !e.evidenceKinds.isEmpty, let keyBinding, !TrustPolicy.knownKeyBindings.contains(keyBinding) {
            return ClaimCheck(
                layer: .environment, verdict: .notChecked, required: true,
                code: VerificationError.Code.unknownKeyBinding.description,
                reason: "the key-binding method \(keyBinding) is not one this verifier knows")
        }
        return ClaimCheck(
            layer: .environment, verdict: .policyMatch, required: true,
            reason: "\(described); the evidence itself is not verified offline")
    }

    /// Step 6: the workload (freshness, nonce, image digest), and `iat` against the witnesses.
    func workload(_ claims: ReceiptClaims?, now: UInt64, witnessedBy quorumTime: UInt64?) -> ClaimCheck {
        let e = policy.expectations
        if let line = unreadable(.workloadIdentity, claims, required: e.requiresWorkload) { return line }
        let issuedAt: UInt64
        let image: InferenceReceiptDigest?
        var described: String
        switch claims {
        case .air(let air):
            do {
                try AIRVerifyPolicy(
                    maximumAge: e.maximumAge, clockSkew: e.clockSkew, expectedNonce: e.nonce
                ).evaluate(air, now: now)
            } catch {
                return failed(.workloadIdentity, error.code.description, error.message)
            }
            (issuedAt, image) = (air.issuedAt, nil)
            described = "iss \(air.issuer), iat \(UnixTime.text(air.issuedAt))"
        case .inference(let c):
            if let line = freshnessAndNonce(issuedAt: c.issuedAt, nonce: c.nonce, now: now) { return line }
            (issuedAt, image) = (c.issuedAt, c.imageDigest)
            described = "iss \(c.issuer), sub \(c.subject.prefix(128)), iat \(UnixTime.text(c.issuedAt))" + (image.map { ", image \($0)" } ?? "")
        default: preconditionFailure("unreadable(_:_:required:) handled the other cases")
        }
        if let expected = e.imageDigest, image != expected {
            return failed(
                .workloadIdentity, VerificationError.Code.imageDigestMismatch.description,
                "the image digest is \(image?.value ?? "absent"); the policy expects \(expected)")
        }
        // A quorum of witnesses had seen the checkpoint that holds the receipt by `quorumTime`:
        // the receipt existed then, whatever the host clock says.
        if let quorumTime {
            guard issuedAt <= quorumTime || issuedAt - quorumTime <= e.clockSkew else {
                return failed(
                    .workloadIdentity, VerificationError.Code.issuedAfterWitnessed.description,
                    "iat \(UnixTime.text(issuedAt)) is after the witness quorum's time, \(UnixTime.text(quorumTime)), for a checkpoint that holds the receipt")
            }
            described += ", issued before witnessed at \(UnixTime.text(quorumTime))"
        }
        guard e.requiresWorkload else { return notRequested(.workloadIdentity, described) }
        var matched = [String]()
        if let maximumAge = e.maximumAge { matched.append("age at most \(maximumAge) s at now \(UnixTime.text(now))") }
        if e.nonce != nil { matched.append("nonce matches") }
        if e.imageDigest != nil { matched.append("image digest matches") }
        return ClaimCheck(
            layer: .workloadIdentity, verdict: .policyMatch, required: true,
            reason: "\(described): \(matched.joined(separator: ", "))")
    }

    /// The FRESH and NONCE checks of AIR v1 Layer 4, with its codes, for inference receipts.
    private func freshnessAndNonce(issuedAt: UInt64, nonce: [UInt8]?, now: UInt64) -> ClaimCheck? {
        let e = policy.expectations
        if let maximumAge = e.maximumAge {
            if issuedAt < now, now - issuedAt > maximumAge {
                return failed(
                    .workloadIdentity, StatementsError.Code.timestampStale.description,
                    "iat \(UnixTime.text(issuedAt)) is \(now - issuedAt) s before now, \(UnixTime.text(now)); the maximum age is \(maximumAge) s")
            }
            if issuedAt > now, issuedAt - now > e.clockSkew {
                return failed(
                    .workloadIdentity, StatementsError.Code.timestampFuture.description,
                    "iat \(UnixTime.text(issuedAt)) is \(issuedAt - now) s after now, \(UnixTime.text(now)); the allowed skew is \(e.clockSkew) s")
            }
        }
        if let expected = e.nonce {
            guard let nonce else {
                return failed(
                    .workloadIdentity, StatementsError.Code.nonceMissing.description,
                    "the policy expects a nonce; the receipt has no eat_nonce")
            }
            guard nonce == expected else {
                return failed(
                    .workloadIdentity, StatementsError.Code.nonceMismatch.description,
                    "eat_nonce is \(Hex.encode(nonce)); the policy expects \(Hex.encode(expected))")
            }
        }
        return nil
    }
}
