// specs/verify.md, "Verification", step 4: the issuer's signature. The statement must pass the
// registration checks of specs/statements.md against the policy's issuer keys (which also run AIR
// v1 Layers 1–3 on AIR receipts), and its claims must decode under their profile. The claim
// layers read the claims only when this step passed.
import CryptoPrimitives
import Statements

extension Verifier {
    /// Step 4: returns the line and, when the signature verified, the claims.
    func issuerSignature(_ bundle: ReceiptBundle) -> (check: ClaimCheck, claims: ReceiptClaims?, issuerKey: [UInt8]?) {
        func failed(_ code: String, _ reason: String) -> (ClaimCheck, ReceiptClaims?, [UInt8]?) {
            (ClaimCheck(layer: .issuerSignature, verdict: .failed, required: true, code: code, reason: reason), nil, nil)
        }
        let registration: Registration
        do {
            registration = try RegistrationPolicy(issuers: policy.issuers).check(bundle.statement)
        } catch {
            return failed(error.code.description, error.message)
        }
        let key = "\(registration.issuerKey.name)+\(IssuerKeyText.hex(registration.issuerKey.keyID))"
        func verified(_ what: String, _ claims: ReceiptClaims) -> (ClaimCheck, ReceiptClaims?, [UInt8]?) {
            (ClaimCheck(layer: .issuerSignature, verdict: .verified, required: true, reason: "\(what) signed by issuer key \(key)"),
             claims, registration.issuerKey.publicKey.bytes)
        }
        switch registration.form {
        case .airReceipt:
            guard let claims = registration.airClaims else { preconditionFailure("a registered AIR receipt has claims") }
            return verified("AIR v1 receipt", .air(claims))
        case .signedStatement(let statement):
            if let receipt = registration.airReceipt, let claims = registration.airClaims {
                // A wrapped AIR v1 receipt: the log checked only the statement's signature; the
                // receipt's own signature must verify with a policy key of the receipt's issuer.
                let keys = policy.issuers.keys(of: claims.issuer)
                guard !keys.isEmpty else {
                    return failed(
                        StatementsError.Code.unknownIssuer.description,
                        "the wrapped AIR v1 receipt's issuer \"\(claims.issuer.prefix(128))\" has no key in the policy")
                }
                guard keys.contains(where: { (try? receipt.verifySignature(with: $0.publicKey)) != nil }) else {
                    return failed(
                        StatementsError.Code.signatureFailed.description,
                        "the wrapped AIR v1 receipt's signature does not verify with any policy key of \"\(claims.issuer.prefix(128))\"")
                }
                return verified("signed statement wrapping an AIR v1 receipt", .air(claims))
            }
            guard statement.contentType == InferenceReceiptClaims.contentType else {
                let type = statement.contentType.map { "\($0)" } ?? "none"
                return verified("signed statement (content type \(type.prefix(128)))", .other(type))
            }
            do {
                return verified("inference receipt", .inference(try InferenceReceiptClaims(statement: statement)))
            } catch {
                return failed(
                    error.code.description, "the statement's signature verifies, but its claims do not: \(error.message)")
            }
        }
    }
}

/// Key IDs as issuer lists write them.
enum IssuerKeyText {
    /// `keyID` as eight lower-case hex digits.
    static func hex(_ keyID: UInt32) -> String {
        Hex.encode([UInt8(keyID >> 24), UInt8(truncatingIfNeeded: keyID >> 16), UInt8(truncatingIfNeeded: keyID >> 8),
                    UInt8(truncatingIfNeeded: keyID)])
    }
}
