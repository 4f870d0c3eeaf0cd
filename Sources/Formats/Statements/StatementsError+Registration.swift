// The error codes of the registration checks (specs/statements.md, "Registration checks"), in the
// order the checks run. AIR v1 receipts share the envelope codes (NOT_CBOR, NOT_COSE_SIGN1,
// BAD_ALG, SIG_FAILED); their own codes are in StatementsError+AIR.swift.

extension StatementsError.Code {
    /// The statement is larger than the registration limits: more than 1 MiB as submitted, or more
    /// than 65,535 bytes in its leaf form (DESIGN.md §3: the entry-bundle length prefix).
    public static let statementTooLarge = Self("STATEMENT_TOO_LARGE")
    /// The bytes are not one well-formed CBOR data item (RFC 8949).
    public static let notCBOR = Self("NOT_CBOR")
    /// The CBOR item is not a COSE_Sign1 message with tag 18 (RFC 9052 §4.2).
    public static let notCOSESign1 = Self("NOT_COSE_SIGN1")
    /// The envelope is not in the one encoding the leaf form keeps: the array head, the byte
    /// string heads of the protected header, payload and signature, or the tag are not in
    /// shortest definite-length form (RFC 8949 §4.2.1), so replacing the unprotected header with
    /// `a0` in the submitted bytes would not give the leaf form (specs/statements.md, "Leaf form").
    public static let nonCanonicalEnvelope = Self("NON_CANONICAL_ENVELOPE")
    /// The protected header has no `alg`, or an algorithm other than EdDSA (-8).
    public static let badAlgorithm = Self("BAD_ALG")
    /// The payload is detached (nil) or empty: the log verifies the signature over the payload.
    public static let missingPayload = Self("MISSING_PAYLOAD")
    /// The protected header's `crit` (label 2) is not a non-empty array of labels this log
    /// processes (only 15, the CWT claims), so the statement needs an extension the log does not
    /// understand (RFC 9052 §3.1).
    public static let badCritical = Self("BAD_CRIT")
    /// The protected header's CWT claims (label 15) are missing or not a map (RFC 9597 §2).
    public static let badCWTClaims = Self("BAD_CWT_CLAIMS")
    /// `iss` is missing, not a text string, or not 1…8192 characters long (RFC 9943 §6).
    public static let badIssuer = Self("BAD_ISSUER")
    /// `sub` is missing or not a text string (RFC 9943 §6).
    public static let missingSubject = Self("MISSING_SUBJECT")
    /// `kid` is missing or not a 4-byte byte string (the issuer key ID, specs/statements.md).
    public static let badKeyID = Self("BAD_KID")
    /// The content type (label 3) is neither a text string nor an unsigned integer (RFC 9052 §3.1).
    public static let badContentType = Self("BAD_CONTENT_TYPE")
    /// No issuer with this `iss` is in the issuer list.
    public static let unknownIssuer = Self("UNKNOWN_ISSUER")
    /// The issuer is known but has no key with this `kid`.
    public static let unknownKeyID = Self("UNKNOWN_KID")
    /// The signature does not verify with the selected issuer key (RFC 9052 §4.4).
    public static let signatureFailed = Self("SIG_FAILED")
    /// An evidence or collateral statement's payload is not of its content type's form
    /// (specs/evidence.md §Evidence in the log).
    public static let badEvidencePayload = Self("BAD_EVIDENCE_PAYLOAD")
    /// A line of an issuer list file is not a valid Ed25519 verifier key, or repeats another line.
    public static let badIssuerList = Self("BAD_ISSUER_LIST")
}
