// A SCITT Signed Statement (RFC 9943 §6): a COSE_Sign1 (RFC 9052 §4.2, tag 18) whose protected
// header carries the CWT claims `iss` and `sub` (RFC 9597 §2, label 15; RFC 8392 §3.1.1–3.1.2),
// the issuer key ID `kid` (label 4), `alg` (label 1) and optionally a content type (label 3).
public import CBOR
public import COSE
import CryptoPrimitives

/// A signed statement that passed the structural registration checks.
///
/// Parsing checks the structure only (specs/statements.md, steps 1–12); the signature is checked
/// against an issuer key by ``verifySignature(with:)`` or by ``RegistrationPolicy``.
/// `SignedStatement(parsing: s.leaf).leaf == s.leaf` for every parsed `s`.
public struct SignedStatement: Sendable, Hashable {
    /// The CWT claim key of `iss` (RFC 8392 §3.1.1).
    public static let issuerClaim: UInt64 = 1
    /// The CWT claim key of `sub` (RFC 8392 §3.1.2).
    public static let subjectClaim: UInt64 = 2
    /// The size of a `kid`: the 4-byte issuer key ID (c2sp.org/signed-note key ID).
    public static let keyIDSize = 4
    /// The labels a statement's `crit` may list: the CWT claims (RFC 9052 §3.1; the parameters of
    /// RFC 9052 itself need not be listed, and this log understands no extension).
    public static let understoodCriticalLabels: Set<CBOR> = [.unsigned(UInt64(COSEHeaderLabel.cwtClaims))]

    /// The message as submitted, its unprotected header included.
    public let message: COSESign1
    /// The leaf form: the message with its unprotected header set to an empty map, tagged and
    /// re-encoded. These bytes enter the log (RFC 9943 §6.3).
    public let leaf: [UInt8]
    /// The CWT claims of the protected header (label 15).
    public let claims: [CBOR: CBOR]
    /// The issuer: the `iss` claim, 1…8192 Unicode code points.
    public let issuer: String
    /// The subject: the `sub` claim.
    public let subject: String
    /// The issuer key ID from `kid`: its four bytes read big-endian.
    public let keyID: UInt32
    /// The payload's content type (label 3), if the statement declares one.
    public let contentType: ContentType?
    /// The payload: the Statement.
    public let payload: [UInt8]

    /// Parses a signed statement and runs the structural registration checks.
    ///
    /// Throws, in this order: `STATEMENT_TOO_LARGE`, `NOT_CBOR`, `NOT_COSE_SIGN1`,
    /// `STATEMENT_TOO_LARGE` (leaf form), `BAD_ALG`, `MISSING_PAYLOAD`, `BAD_CRIT`,
    /// `BAD_CWT_CLAIMS`, `BAD_ISSUER`, `MISSING_SUBJECT`, `BAD_KID`, `BAD_CONTENT_TYPE`.
    public init(parsing bytes: some Collection<UInt8>) throws(StatementsError) {
        try self.init(envelope: Envelope(parsing: bytes))
    }

    /// Runs the checks that follow the envelope checks (steps 7–12).
    init(envelope: Envelope) throws(StatementsError) {
        let header = envelope.message.protectedHeader
        try Self.checkCritical(header)
        // RFC 9943 §6: "The protected header of a Signed Statement ... MUST include the CWT Claims
        // header parameter"; RFC 9597 §2: its value is a CWT Claims Set, a map.
        guard let cwt = header[.unsigned(UInt64(COSEHeaderLabel.cwtClaims))] else {
            throw StatementsError(.badCWTClaims, "the protected header has no CWT claims (label 15)")
        }
        guard let claims = cwt.map else {
            throw StatementsError(.badCWTClaims, "the protected header's CWT claims (label 15) are not a map")
        }
        self.issuer = try Self.checkIssuer(claims[.unsigned(Self.issuerClaim)])
        // RFC 9943 §6: "The CWT Claims value MUST include ... the Subject Claim (Claim label 2)";
        // RFC 8392 §3.1.2: a StringOrURI, a text string.
        guard let subjectValue = claims[.unsigned(Self.subjectClaim)] else {
            throw StatementsError(.missingSubject, "the CWT claims have no sub (claim 2)")
        }
        guard let subject = subjectValue.textString else {
            throw StatementsError(.missingSubject, "the CWT claims' sub (claim 2) is not a text string")
        }
        // RFC 9943 §6: "The kid header parameter MUST be present when neither x5t nor x5chain is
        // present"; this log identifies issuer keys by kid alone.
        guard let kidValue = header[.unsigned(UInt64(COSEHeaderLabel.kid))] else {
            throw StatementsError(.badKeyID, "the protected header has no kid (label 4)")
        }
        guard let kid = kidValue.byteString, kid.count == Self.keyIDSize else {
            throw StatementsError(
                .badKeyID, "the protected header's kid (label 4) is not the 4-byte issuer key ID")
        }
        self.contentType = try ContentType(header: header[.unsigned(UInt64(COSEHeaderLabel.contentType))])
        self.message = envelope.message
        self.leaf = envelope.leaf
        self.payload = envelope.payload
        self.claims = claims
        self.subject = subject
        self.keyID = kid.reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// The statement as submitted, re-encoded: tagged, unprotected header included.
    public func encoded() -> [UInt8] {
        message.encoded(tagged: true)
    }

    /// Checks the signature with `key` (RFC 9052 §4.4) and that `key` is the key the statement
    /// names: the same issuer and key ID.
    ///
    /// Throws `UNKNOWN_ISSUER` or `UNKNOWN_KID` when `key` has another name or key ID, and
    /// `SIG_FAILED` when the signature does not verify.
    public func verifySignature(with key: IssuerKey) throws(StatementsError) {
        guard key.name == issuer else {
            throw StatementsError(
                .unknownIssuer, "the statement's issuer is \(IssuerKey.quoted(issuer)), not \(IssuerKey.quoted(key.name))")
        }
        guard key.keyID == keyID else {
            throw StatementsError(
                .unknownKeyID,
                "the statement's kid is \(IssuerKey.hex(keyID)), not \(IssuerKey.hex(key.keyID))")
        }
        do {
            try message.verify(key: key.publicKey)
        } catch {
            throw StatementsError(
                .signatureFailed,
                "the signature does not verify with key \(IssuerKey.hex(keyID)) of issuer \(IssuerKey.quoted(issuer)): \(error.message)")
        }
    }

    /// Checks `iss`: present, a text string, 1…8192 Unicode code points (RFC 9943 §6).
    static func checkIssuer(_ value: CBOR?) throws(StatementsError) -> String {
        guard let value else {
            throw StatementsError(.badIssuer, "the CWT claims have no iss (claim 1)")
        }
        guard let issuer = value.textString else {
            throw StatementsError(.badIssuer, "the CWT claims' iss (claim 1) is not a text string")
        }
        // RFC 9943 §6: "The iss Claim value's length MUST be between 1 and 8192 characters".
        // Characters are counted as Unicode code points.
        let count = issuer.unicodeScalars.count
        guard (1...IssuerKey.maximumNameLength).contains(count) else {
            throw StatementsError(
                .badIssuer, "iss is \(count) characters long; it must be 1…\(IssuerKey.maximumNameLength)")
        }
        return issuer
    }

    /// Checks `crit` (RFC 9052 §3.1): absent, or a non-empty array of labels that are in the
    /// protected header and in ``understoodCriticalLabels``.
    static func checkCritical(_ header: [CBOR: CBOR]) throws(StatementsError) {
        guard let crit = header[.unsigned(UInt64(COSEHeaderLabel.crit))] else { return }
        guard let labels = crit.array, !labels.isEmpty else {
            throw StatementsError(.badCritical, "the protected header's crit (label 2) is not a non-empty array")
        }
        for label in labels {
            guard understoodCriticalLabels.contains(label), header[label] != nil else {
                throw StatementsError(
                    .badCritical,
                    "crit lists \(Envelope.describe(label)), a header parameter this log does not process")
            }
        }
    }
}
