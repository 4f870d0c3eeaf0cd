// The failure codes of AIR v1 verification, named as the AIR v1 golden vectors name them
// (Tests/Vectors/air-v1, `expected_failure.code`). The envelope codes NOT_CBOR, NOT_COSE_SIGN1,
// BAD_ALG, BAD_CONTENT_TYPE, MISSING_PAYLOAD and SIG_FAILED are shared with registration
// (StatementsError+Registration.swift). ``AIRLayer`` maps each code to its layer.

extension StatementsError.Code {
    // Layer 1: parse.

    /// The receipt is larger than 65,536 bytes (AIR v1, Layer 1 step 3).
    public static let receiptTooLarge = Self("RECEIPT_TOO_LARGE")
    /// The protected header holds a parameter other than alg (1) and content type (3).
    public static let protectedHeaderNotClosed = Self("PROTECTED_HEADER_NOT_CLOSED")
    /// The unprotected header is not empty.
    public static let unprotectedNotEmpty = Self("UNPROTECTED_NOT_EMPTY")
    /// The payload is not a CBOR map.
    public static let payloadNotMap = Self("PAYLOAD_NOT_MAP")
    /// `eat_profile` (claim 265) is missing or is not the AIR v1 profile URI.
    public static let wrongProfile = Self("WRONG_PROFILE")

    // Layer 2: crypto.

    /// The signature is not 64 bytes long.
    public static let badSignatureLength = Self("BAD_SIG_LENGTH")

    // Layer 3: claims.

    /// A required claim is missing.
    public static let missingClaim = Self("MISSING_CLAIM")
    /// A claim has the wrong CBOR type.
    public static let wrongType = Self("WRONG_TYPE")
    /// `cti` is not 16 bytes long.
    public static let badCTILength = Self("BAD_CTI_LENGTH")
    /// `iat` is zero.
    public static let zeroIssuedAt = Self("IAT_ZERO")
    /// `eat_nonce` is not 8…64 bytes long.
    public static let badNonceLength = Self("BAD_NONCE_LENGTH")
    /// A SHA-256 claim (model, request, response or attestation document hash) is not 32 bytes.
    public static let badHashLength = Self("BAD_HASH_LENGTH")
    /// `model_hash` is all zeros.
    public static let zeroModelHash = Self("ZERO_MODEL_HASH")
    /// A text claim is empty or longer than 1024 bytes.
    public static let badTextClaim = Self("BAD_TEXT_CLAIM")
    /// `measurement_type` is not `nitro-pcr` or `tdx-mrtd-rtmr`.
    public static let unknownMeasurementType = Self("UNKNOWN_MTYPE")
    /// A measurement register is not 48 bytes long.
    public static let badMeasurementLength = Self("BAD_MEASUREMENT_LENGTH")
    /// A TDX measurement map holds `pcr8`.
    public static let tdxPCR8Forbidden = Self("TDX_PCR8_FORBIDDEN")
    /// The measurement map holds a key other than pcr0, pcr1, pcr2, pcr8 and measurement_type.
    public static let unknownMeasurementKey = Self("UNKNOWN_MEASUREMENT_KEY")
    /// `model_hash_scheme` is not one of the three defined schemes.
    public static let unknownAIRModelHashScheme = Self("UNKNOWN_MODEL_HASH_SCHEME")
    /// The claims map holds a key AIR v1 does not define (the map is closed).
    public static let unknownClaimKey = Self("UNKNOWN_CLAIM_KEY")

    // Layer 4: policy.

    /// `iat` is older than the policy's maximum age.
    public static let timestampStale = Self("TIMESTAMP_STALE")
    /// `iat` is later than now plus the policy's clock skew.
    public static let timestampFuture = Self("TIMESTAMP_FUTURE")
    /// `eat_nonce` differs from the nonce the policy expects.
    public static let nonceMismatch = Self("NONCE_MISMATCH")
    /// The policy expects a nonce and the receipt has none.
    public static let nonceMissing = Self("NONCE_MISSING")
    /// `model_hash` differs from the hash the policy expects.
    public static let modelHashMismatch = Self("MODEL_HASH_MISMATCH")
    /// `model_id` differs from the identifier the policy expects.
    public static let modelIDMismatch = Self("MODEL_ID_MISMATCH")
    /// `measurement_type` differs from the platform the policy expects.
    public static let platformMismatch = Self("PLATFORM_MISMATCH")
}
