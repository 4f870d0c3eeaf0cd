// The four layers of AIR v1 verification ("Verification Procedure" of the AIR v1 draft,
// draft-tsyrulnikov-rats-attested-inference-receipt): each must pass before the next runs.

/// A layer of AIR v1 verification.
public enum AIRLayer: Int, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Layer 1: CBOR, COSE_Sign1 tag 18, protected and unprotected headers, payload map, profile.
    case parse = 1
    /// Layer 2: the Ed25519 signature over Sig_structure1.
    case crypto = 2
    /// Layer 3: claim presence, types, lengths and values.
    case claims = 3
    /// Layer 4: the verifier's policy (freshness, nonce, model, platform).
    case policy = 4

    /// The layer a failure code belongs to, or nil for codes AIR verification never throws.
    public init?(code: StatementsError.Code) {
        guard let layer = Self.layers[code] else { return nil }
        self = layer
    }

    /// The layer's name, as the AIR v1 vectors' `expected_verification` names it.
    public var description: String {
        switch self {
        case .parse: "parse"
        case .crypto: "crypto"
        case .claims: "claim_validation"
        case .policy: "policy"
        }
    }

    private static let layers: [StatementsError.Code: AIRLayer] = {
        var table: [StatementsError.Code: AIRLayer] = [:]
        for code: StatementsError.Code in [
            .notCBOR, .notCOSESign1, .receiptTooLarge, .badAlgorithm, .badContentType, .protectedHeaderNotClosed,
            .unprotectedNotEmpty, .missingPayload, .payloadNotMap, .wrongProfile,
        ] { table[code] = .parse }
        for code: StatementsError.Code in [.badSignatureLength, .signatureFailed] { table[code] = .crypto }
        for code: StatementsError.Code in [
            .missingClaim, .wrongType, .badCTILength, .zeroIssuedAt, .badNonceLength, .badHashLength, .zeroModelHash,
            .badTextClaim, .unknownMeasurementType, .badMeasurementLength, .tdxPCR8Forbidden, .unknownMeasurementKey,
            .unknownAIRModelHashScheme, .unknownClaimKey,
        ] { table[code] = .claims }
        for code: StatementsError.Code in [
            .timestampStale, .timestampFuture, .nonceMismatch, .nonceMissing, .modelHashMismatch, .modelIDMismatch,
            .platformMismatch,
        ] { table[code] = .policy }
        return table
    }()
}
