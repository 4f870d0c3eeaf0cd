// specs/receipt-profile.md §Claims: the rules every inference-receipt claims set obeys.
import Merkle

extension InferenceReceiptClaims {
    /// The longest `iss` or `sub`, in Unicode code points (RFC 9943 §6 bounds `iss` alike).
    public static let maxIdentityCount = 8192
    /// The longest other text claim, in UTF-8 bytes (the AIR v1 bound).
    public static let maxTextCount = 1024
    /// The most evidence references.
    public static let maxEvidenceCount = 16
    /// The most commitments.
    public static let maxCommitmentCount = 16

    /// Checks every rule of the profile; throws `badReceiptClaims` naming the first claim that
    /// breaks one.
    ///
    /// Rules: `iss` and `sub` are 1…8192 code points; `iat` is not zero; `cti` is 16 bytes;
    /// `eat_nonce` is 8…64 bytes; `model_hash` is not all zeros; other text claims are 1…1024
    /// bytes; evidence holds at most 16 references, and `key_binding` is present (a token of
    /// `[a-z0-9-]`) exactly when evidence is; the freshness window contains `iat`; commitments
    /// number at most 16, name each field once and include `request` and `response`.
    public func validate() throws(StatementsError) {
        func bad(_ message: String) -> StatementsError { StatementsError(.badReceiptClaims, message) }
        for (name, value) in [("iss (1)", issuer), ("sub (2)", subject)] {
            guard (1...Self.maxIdentityCount).contains(value.unicodeScalars.count) else {
                throw bad("\(name) is \(value.unicodeScalars.count) characters; it must be 1…\(Self.maxIdentityCount)")
            }
        }
        guard issuedAt != 0 else { throw bad("iat (6) is zero") }
        guard cwtID.count == 16 else { throw bad("cti (7) is \(cwtID.count) bytes, not 16") }
        if let nonce, !(8...64).contains(nonce.count) {
            throw bad("eat_nonce (10) is \(nonce.count) bytes, not 8…64")
        }
        guard modelHash != .zero else { throw bad("model_hash (-65539) is all zeros") }
        let texts: [(String, String?)] = [
            ("model_id (-65537)", modelID), ("model_version (-65538)", modelVersion),
            ("security_mode (-65548)", securityMode), ("project (-65604)", project),
            ("operator (-65605)", operatorName), ("policy_version (-65544)", policyVersion),
        ]
        for case let (name, value?) in texts where !(1...Self.maxTextCount).contains(value.utf8.count) {
            throw bad("\(name) is \(value.utf8.count) bytes; it must be 1…\(Self.maxTextCount)")
        }
        guard evidence.count <= Self.maxEvidenceCount else {
            throw bad("env_evidence (-65600) holds \(evidence.count) references; at most \(Self.maxEvidenceCount)")
        }
        switch (evidence.isEmpty, keyBinding) {
        case (false, nil): throw bad("env_evidence (-65600) needs key_binding (-65601)")
        case (true, _?): throw bad("key_binding (-65601) needs env_evidence (-65600)")
        case (false, let method?) where !InferenceReceiptEvidence.isToken(method):
            throw bad("key_binding (-65601) is not 1…64 characters of a-z, 0-9 and '-'")
        default: break
        }
        if let freshness, !freshness.contains(issuedAt) {
            throw bad("iat (6) \(issuedAt) lies outside the freshness window \(freshness.notBefore)…\(freshness.notAfter)")
        }
        guard commitments.count <= Self.maxCommitmentCount else {
            throw bad("commitments (-65607) holds \(commitments.count); at most \(Self.maxCommitmentCount)")
        }
        guard Set(commitments.map(\.field)).count == commitments.count else {
            throw bad("commitments (-65607) names a field twice")
        }
        for field in [CommitmentField.request, .response] where commitment(for: field) == nil {
            throw bad("commitments (-65607) has no \(field) commitment")
        }
    }
}
