// specs/verify.md, "Verification", step 7: model identity. The policy's model hash and ID are
// compared with the claims (POLICY_MATCH, AIR v1's MODEL check and codes); a model directory the
// verifier holds is hashed into a receiptlog-sha256-manifest-v1 manifest, whose digest must equal
// the receipt's model_hash (VERIFIED). The manifest names every file, so a renamed weight file
// changes the digest.
import Merkle
import Statements

extension Verifier {
    /// Step 7: the model's digest and identifier.
    func model(_ claims: ReceiptClaims?, files: VerificationInputs.ModelFiles?) -> ClaimCheck {
        let e = policy.expectations
        let required = e.requiresModel || files != nil
        switch claims {
        case nil:
            return ClaimCheck(
                layer: .modelIdentity, verdict: .notChecked, required: required,
                code: VerificationError.Code.unauthenticatedClaims.description,
                reason: "the statement's signature or claims did not verify, so its claims are not read")
        case .other(let type):
            return ClaimCheck(
                layer: .modelIdentity, verdict: .notChecked, required: required,
                code: VerificationError.Code.unknownReceiptProfile.description,
                reason: "the statement (content type \(type.prefix(128))) is not a receipt this verifier reads")
        default: break
        }
        let modelHash: Hash
        let modelID: String
        let scheme: String
        switch claims {
        case .air(let air):
            do {
                try AIRVerifyPolicy(expectedModelHash: e.modelHash, expectedModelID: e.modelID).evaluate(air, now: 0)
            } catch {
                return ClaimCheck(
                    layer: .modelIdentity, verdict: .failed, required: true, code: error.code.description,
                    reason: error.message)
            }
            (modelHash, modelID, scheme) = (air.modelHash, air.modelID, air.modelHashScheme?.rawValue ?? "unstated")
        case .inference(let c):
            (modelHash, modelID, scheme) = (c.modelHash, c.modelID, c.modelHashScheme.rawValue)
            if let expected = e.modelHash, expected != modelHash {
                return ClaimCheck(
                    layer: .modelIdentity, verdict: .failed, required: true,
                    code: StatementsError.Code.modelHashMismatch.description,
                    reason: "model_hash is \(modelHash.hex); the policy expects \(expected.hex)")
            }
            if let expected = e.modelID, expected != modelID {
                return ClaimCheck(
                    layer: .modelIdentity, verdict: .failed, required: true,
                    code: StatementsError.Code.modelIDMismatch.description,
                    reason: "model_id is \"\(modelID.prefix(128))\"; the policy expects \"\(expected)\"")
            }
        default: preconditionFailure("handled above")
        }
        let described = "model \(modelID.prefix(128)), model_hash \(modelHash.hex) (\(scheme))"
        let policyPart = e.requiresModel ? "; matches the policy" : ""
        guard let files else {
            if !e.requiresModel {
                return ClaimCheck(
                    layer: .modelIdentity, verdict: .notChecked, required: false,
                    code: VerificationError.Code.notRequested.description,
                    reason: "the policy sets no expectation and no model directory was given; the receipt claims \(described)")
            }
            return ClaimCheck(layer: .modelIdentity, verdict: .policyMatch, required: true, reason: described + policyPart)
        }
        switch files {
        case .unreadable(let directory, let error):
            return ClaimCheck(
                layer: .modelIdentity, verdict: .notChecked, required: true,
                code: VerificationError.Code.modelDirectoryUnreadable.description,
                reason: "cannot hash the model directory \(directory): \(error.code): \(error.message)")
        case .manifest(let manifest, let directory):
            let digest = manifest.digest
            let recomputed =
                "\(directory) (\(manifest.entries.count) files, \(manifest.totalSize) bytes) hashes to \(digest.hex) under \(ModelManifest.schemeName)"
            // Our manifest scheme is also an AIR v1 sha256-manifest; the other schemes (and AIR's
            // sha256-manifest in general, whose format AIR leaves open) are not recomputable here.
            let recomputable = scheme == ModelManifest.schemeName || scheme == AIRModelHashScheme.sha256Manifest.rawValue
            if digest == modelHash {
                return ClaimCheck(
                    layer: .modelIdentity, verdict: .verified, required: true, reason: "\(described); \(recomputed)\(policyPart)")
            }
            if scheme == ModelManifest.schemeName {
                return ClaimCheck(
                    layer: .modelIdentity, verdict: .failed, required: true,
                    code: StatementsError.Code.modelHashMismatch.description,
                    reason: "model_hash is \(modelHash.hex), but \(recomputed)")
            }
            return ClaimCheck(
                layer: .modelIdentity, verdict: .notChecked, required: true,
                code: VerificationError.Code.modelSchemeNotRecomputable.description,
                reason: recomputable
                    ? "model_hash \(modelHash.hex) is a \(scheme) whose manifest format is not \(ModelManifest.schemeName); \(recomputed)"
                    : "model_hash \(modelHash.hex) is a \(scheme) digest, which is not recomputed from a directory")
        }
    }
}
