// The registration checks (RFC 9943 §5.1.1.1 and §6.3 step 2; specs/statements.md, "Registration
// checks"). Two forms register:
//
//   - a signed statement: its protected header has CWT claims (label 15); `iss` and `kid` select
//     the issuer key;
//   - an AIR v1 receipt, directly: its protected header has no label 15 and content type 61
//     (application/cwt); the `iss` claim in its payload selects the issuer, whose keys are tried in
//     list order (AIR has no kid).
//
// A signed statement whose content type is SignedStatement.ContentType.airReceipt wraps an AIR v1
// receipt, unchanged, as its payload; the wrapped receipt must pass AIR Layers 1 and 3. Its own
// signature is not checked here: the log authenticates the statement's issuer, and a relying party
// checks the receipt's signature with the AIR key it trusts.
import CBOR
import COSE
import Evidence

/// The registration policy: the issuer list and the checks every statement must pass before it
/// enters the log. Immutable and safe to share between tasks.
public struct RegistrationPolicy: Sendable {
    /// The trust anchors.
    public let issuers: IssuerList

    /// Creates a policy that accepts statements of the issuers in `issuers`.
    public init(issuers: IssuerList) {
        self.issuers = issuers
    }

    /// Runs the registration checks on a submitted statement.
    ///
    /// Returns the registration, whose ``Registration/leaf`` is what enters the log. Throws the
    /// first failing check's error, in the order of specs/statements.md: the envelope codes
    /// (`STATEMENT_TOO_LARGE`, `NOT_CBOR`, `NOT_COSE_SIGN1`, `BAD_ALG`, `MISSING_PAYLOAD`), then
    /// for a signed statement `BAD_CRIT`, `BAD_CWT_CLAIMS`, `BAD_ISSUER`, `MISSING_SUBJECT`,
    /// `BAD_KID`, `BAD_CONTENT_TYPE`, `UNKNOWN_ISSUER`, `UNKNOWN_KID`, `SIG_FAILED` and, for a
    /// wrapped AIR receipt, its Layer 1 and 3 codes; for a direct AIR receipt its Layer 1 codes,
    /// `BAD_ISSUER`, `UNKNOWN_ISSUER`, `SIG_FAILED` and its Layer 3 codes.
    public func check(_ bytes: some Collection<UInt8>) throws(StatementsError) -> Registration {
        let envelope = try SignedStatement.Envelope(parsing: bytes)
        let header = envelope.message.protectedHeader
        if header[.unsigned(UInt64(COSEHeaderLabel.cwtClaims))] == nil,
            header[.unsigned(UInt64(COSEHeaderLabel.contentType))] == .unsigned(AIRReceipt.contentFormat)
        {
            return try checkAIRReceipt(envelope)
        }
        return try checkSignedStatement(envelope)
    }

    /// Steps 7–15 for a signed statement.
    private func checkSignedStatement(_ envelope: SignedStatement.Envelope) throws(StatementsError) -> Registration {
        let statement = try SignedStatement(envelope: envelope)
        // RFC 9943 §6.3 step 2: verify "with the signature algorithm and verification key of the
        // Issuer"; the issuer list is the trust anchor list of §5.1.1.1.
        guard issuers.contains(issuer: statement.issuer) else {
            throw StatementsError(
                .unknownIssuer, "issuer \(IssuerKey.quoted(statement.issuer)) is not in the issuer list")
        }
        guard let key = issuers.key(of: statement.issuer, keyID: statement.keyID) else {
            throw StatementsError(
                .unknownKeyID,
                "issuer \(IssuerKey.quoted(statement.issuer)) has no key with kid \(IssuerKey.hex(statement.keyID))")
        }
        try statement.verifySignature(with: key)
        var airReceipt: AIRReceipt?
        var airClaims: AIRClaims?
        if statement.contentType == .airReceipt {
            // RFC 9943 §6.3 step 2: the TS "MAY validate the Signed Statement payload in order to
            // enforce domain-specific registration policies that apply to specific content types".
            do {
                let receipt = try AIRReceipt(parsing: statement.payload)
                airClaims = try receipt.validateClaims()
                airReceipt = receipt
            } catch {
                throw StatementsError(error.code, "the payload is not a valid AIR v1 receipt: \(error.message)")
            }
        }
        try Self.checkEvidencePayload(statement)
        return Registration(
            form: .signedStatement(statement), issuerKey: key, leaf: envelope.leaf, airReceipt: airReceipt,
            airClaims: airClaims)
    }

    /// The checks for an AIR v1 receipt registered directly. They run on the leaf form: the
    /// unprotected header is dropped before AIR Layer 1 requires it to be empty.
    private func checkAIRReceipt(_ envelope: SignedStatement.Envelope) throws(StatementsError) -> Registration {
        var message = envelope.message
        message.unprotectedHeader = [:]
        let receipt = try AIRReceipt(message: message)
        let issuer = try SignedStatement.checkIssuer(receipt.claimsMap[AIRClaims.Key.issuer])
        let keys = issuers.keys(of: issuer)
        guard !keys.isEmpty else {
            throw StatementsError(.unknownIssuer, "issuer \(IssuerKey.quoted(issuer)) is not in the issuer list")
        }
        // AIR v1 has no kid ("Key identification: Out of band"): try the issuer's keys in order.
        var verifiedKey: IssuerKey?
        for key in keys {
            do {
                try receipt.verifySignature(with: key.publicKey)
                verifiedKey = key
                break
            } catch {
                if error.code != .signatureFailed { throw error }
            }
        }
        guard let verifiedKey else {
            throw StatementsError(
                .signatureFailed,
                "the AIR v1 receipt's signature does not verify with any of the \(keys.count) key(s) of issuer \(IssuerKey.quoted(issuer))")
        }
        let claims = try receipt.validateClaims()
        return Registration(
            form: .airReceipt(receipt), issuerKey: verifiedKey, leaf: envelope.leaf, airReceipt: receipt,
            airClaims: claims)
    }

    /// RFC 9943 §6.3 step 2, for the evidence and collateral content types of specs/evidence.md:
    /// the payload must be of its form, so that what enters the log can be appraised later. The
    /// evidence itself is not appraised at registration (that needs a policy and an instant).
    static func checkEvidencePayload(_ statement: SignedStatement) throws(StatementsError) {
        guard case .mediaType(let type) = statement.contentType else { return }
        do {
            switch type {
            case EvidenceStatementPayload.contentType: _ = try EvidenceStatementPayload(encoded: statement.payload)
            case CollateralStatementPayload.contentType: _ = try CollateralStatementPayload(encoded: statement.payload)
            default: return
            }
        } catch {
            throw StatementsError(.badEvidencePayload, "the \(type) payload is malformed: \(error.message)")
        }
    }
}
