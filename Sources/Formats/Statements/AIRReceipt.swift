// An AIR v1 receipt (the Attested Inference Receipt, Tests/Vectors/air-v1): a COSE_Sign1 with tag
// 18 whose protected header is exactly {1: -8, 3: 61}, whose unprotected header is empty, and whose
// payload is a closed CWT/EAT claims map with eat_profile "https://spec.cyntrisec.com/air/v1".
//
// Verification runs four layers, each only after the one before it passed (AIRLayer):
//   1 parse     AIRReceipt(parsing:)
//   2 crypto    verifySignature(with:)
//   3 claims    validateClaims()
//   4 policy    AIRVerifyPolicy.evaluate(_:now:)
// AIRReceipt.verify(_:key:policy:now:) runs all four.
//
// Difference from the AIR v1 draft, written down in specs/statements.md: the draft requires the
// payload to be deterministically encoded, but the frozen v1.0 golden vectors for the layer-4
// failures carry payloads whose keys are not in deterministic order and expect them to pass layers
// 1–3. This parser therefore accepts any key order in the payload (duplicate keys, indefinite
// lengths and trailing bytes are still rejected by the CBOR decoder); the payload bytes are signed
// and kept unchanged, so no one but the signer can choose them.
public import CBOR
public import COSE
public import CryptoPrimitives

/// An AIR v1 receipt that passed Layer 1 (parse).
public struct AIRReceipt: Sendable, Hashable {
    /// The largest receipt accepted, in bytes (AIR v1 Layer 1 step 3).
    public static let maximumSize = 65_536
    /// The content type of the payload: 61, `application/cwt` (AIR v1 "Protected Header").
    public static let contentFormat: UInt64 = 61

    /// The COSE_Sign1 message.
    public let message: COSESign1
    /// The payload: the serialized claims map, as signed.
    public let payload: [UInt8]
    /// The decoded claims map, not yet validated (Layer 3 validates it).
    public let claimsMap: [CBOR: CBOR]

    /// Parses a receipt: AIR v1 Layer 1.
    ///
    /// Throws, in this order: `RECEIPT_TOO_LARGE`, `NOT_CBOR`, `NOT_COSE_SIGN1` (also for an
    /// untagged message), `BAD_ALG`, `BAD_CONTENT_TYPE`, `PROTECTED_HEADER_NOT_CLOSED`,
    /// `UNPROTECTED_NOT_EMPTY`, `MISSING_PAYLOAD`, `PAYLOAD_NOT_MAP`, `WRONG_PROFILE`.
    public init(parsing bytes: some Collection<UInt8>) throws(StatementsError) {
        // Step 3 of Layer 1 runs first here, so that nothing larger than the limit is decoded.
        guard bytes.count <= Self.maximumSize else {
            throw StatementsError(.receiptTooLarge, "the receipt is \(bytes.count) bytes; the limit is \(Self.maximumSize)")
        }
        let message: COSESign1
        do {
            message = try COSESign1.parse(bytes)
        } catch {
            throw SignedStatement.Envelope.classify(bytes, error)
        }
        // Steps 1–2: "Verifiers MUST reject untagged COSE_Sign1 structures."
        guard bytes.first == 0xD2 else {
            throw StatementsError(.notCOSESign1, "an AIR v1 receipt is a COSE_Sign1 tagged 18; this one is not tagged 18")
        }
        try self.init(message: message)
    }

    /// Runs Layer 1 steps 4–9 on a parsed, tagged COSE_Sign1.
    init(message: COSESign1) throws(StatementsError) {
        let header = message.protectedHeader
        let algLabel = CBOR.unsigned(UInt64(COSEHeaderLabel.alg))
        let contentTypeLabel = CBOR.unsigned(UInt64(COSEHeaderLabel.contentType))
        // Step 5: alg is EdDSA.
        guard let alg = header[algLabel], alg.int64 == COSEAlgorithm.edDSA else {
            let found = header[algLabel].map(SignedStatement.Envelope.describe) ?? "missing"
            throw StatementsError(.badAlgorithm, "the protected header's alg is \(found); AIR v1 requires EdDSA (-8)")
        }
        // Step 6: content type is 61, application/cwt.
        guard header[contentTypeLabel] == .unsigned(Self.contentFormat) else {
            let found = header[contentTypeLabel].map(SignedStatement.Envelope.describe) ?? "missing"
            throw StatementsError(
                .badContentType, "the protected header's content type is \(found); AIR v1 requires 61 (application/cwt)")
        }
        // "Additional protected header parameters are not defined in v1 and MUST NOT be present."
        if let extra = header.keys.first(where: { $0 != algLabel && $0 != contentTypeLabel }) {
            throw StatementsError(
                .protectedHeaderNotClosed,
                "the protected header holds label \(SignedStatement.Envelope.describe(extra)); AIR v1 allows only alg and content type")
        }
        // Step 7: the unprotected header is empty.
        guard message.unprotectedHeader.isEmpty else {
            throw StatementsError(.unprotectedNotEmpty, "the unprotected header is not empty; AIR v1 requires {}")
        }
        // Step 8: the payload is a CBOR map.
        guard let payload = message.payload else {
            throw StatementsError(.missingPayload, "the payload is detached (nil); AIR v1 receipts carry their claims")
        }
        let decoded: CBOR
        do {
            decoded = try CBOR.decode(payload)
        } catch {
            throw StatementsError(.payloadNotMap, "the payload is not one CBOR item: \(error.message)")
        }
        guard let claimsMap = decoded.map else {
            throw StatementsError(.payloadNotMap, "the payload is not a CBOR map")
        }
        // Step 9: eat_profile is the AIR v1 profile.
        guard let profile = claimsMap[AIRClaims.Key.profile] else {
            throw StatementsError(.wrongProfile, "the claims have no eat_profile (claim 265)")
        }
        guard profile.textString == AIRClaims.profile else {
            throw StatementsError(.wrongProfile, "eat_profile is \(SignedStatement.Envelope.describe(profile)), not \(AIRClaims.profile)")
        }
        self.message = message
        self.payload = payload
        self.claimsMap = claimsMap
    }

    /// The `iss` claim as it stands before Layer 3, when it is a text string.
    public var issuer: String? { claimsMap[AIRClaims.Key.issuer]?.textString }

    /// The receipt's bytes: the tagged COSE_Sign1.
    public func encoded() -> [UInt8] { message.encoded(tagged: true) }

    /// Verifies the signature with `key`: AIR v1 Layer 2.
    ///
    /// Throws `BAD_SIG_LENGTH` when the signature is not 64 bytes and `SIG_FAILED` when it does not
    /// verify over Sig_structure1 = ["Signature1", protected, h'', payload] (RFC 9052 §4.4).
    /// Non-canonical S values (S ≥ L) are rejected by swift-crypto's Ed25519 (RFC 8032 §5.1.7).
    public func verifySignature(with key: Ed25519PublicKey) throws(StatementsError) {
        guard message.signature.count == 64 else {
            throw StatementsError(
                .badSignatureLength, "the signature is \(message.signature.count) bytes; Ed25519 signatures are 64")
        }
        do {
            try message.verify(key: key)
        } catch {
            throw StatementsError(.signatureFailed, "the Ed25519 signature does not verify with the given key")
        }
    }

    /// Validates the claims: AIR v1 Layer 3. Throws the errors of ``AIRClaims/init(cbor:)``.
    public func validateClaims() throws(StatementsError) -> AIRClaims {
        try AIRClaims(cbor: .map(claimsMap))
    }

    /// Verifies a receipt through all four layers and returns its claims.
    ///
    /// `now` is the verifier's time in Unix seconds, used only by the policy's freshness check.
    /// Throws the first failure; ``AIRLayer/init(code:)`` names its layer.
    public static func verify(
        _ bytes: some Collection<UInt8>, key: Ed25519PublicKey, policy: AIRVerifyPolicy = AIRVerifyPolicy(),
        now: UInt64
    ) throws(StatementsError) -> AIRClaims {
        let receipt = try AIRReceipt(parsing: bytes)
        try receipt.verifySignature(with: key)
        let claims = try receipt.validateClaims()
        try policy.evaluate(claims, now: now)
        return claims
    }

    /// Signs `claims` as an AIR v1 receipt with `key`.
    ///
    /// The payload is the deterministic encoding of ``AIRClaims/cbor``. Throws the Layer 3 error
    /// when `claims` would not validate, so every receipt this returns verifies with `key`.
    public static func sign(claims: AIRClaims, key: Ed25519PrivateKey) throws(StatementsError) -> AIRReceipt {
        let map = claims.cbor
        _ = try AIRClaims(cbor: map)
        let header: [CBOR: CBOR] = [
            .unsigned(UInt64(COSEHeaderLabel.alg)): .int(COSEAlgorithm.edDSA),
            .unsigned(UInt64(COSEHeaderLabel.contentType)): .unsigned(contentFormat),
        ]
        let message = COSESign1.sign(protectedHeader: header, payload: map.encoded(), key: key)
        return try AIRReceipt(parsing: message.encoded(tagged: true))
    }
}
