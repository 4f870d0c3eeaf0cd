// AIR v1 Layer 4, policy evaluation ("Verification Procedure", Layer 4): checks the verifier
// configures, run in the draft's order FRESH, NONCE, MODEL, PLATFORM. A check whose setting is nil
// is skipped. REPLAY (a store of seen cti values) needs state and is left to the caller.
public import Merkle

/// The verifier's policy for AIR v1 receipts (the vectors' `verify_policy`).
public struct AIRVerifyPolicy: Sendable, Hashable {
    /// The maximum age of `iat` in seconds (`max_age_secs`); nil skips the freshness check.
    public var maximumAge: UInt64?
    /// How far `iat` may lie in the future, in seconds, when the freshness check runs.
    public var clockSkew: UInt64
    /// The nonce the receipt's `eat_nonce` must equal (`expected_nonce_hex`); nil skips the check.
    public var expectedNonce: [UInt8]?
    /// Whether a receipt must carry `eat_nonce` even when no particular value is expected. A receipt
    /// without one fails with `NONCE_MISSING` when this is set or `expectedNonce` is.
    public var requireNonce: Bool
    /// The `model_hash` the receipt must carry (`expected_model_hash_hex`).
    public var expectedModelHash: Hash?
    /// The `model_id` the receipt must carry.
    public var expectedModelID: String?
    /// The platform the receipt's measurements must come from (`expected_platform`).
    public var expectedPlatform: AIRPlatform?

    /// Creates a policy; with no arguments every check is skipped.
    public init(
        maximumAge: UInt64? = nil, clockSkew: UInt64 = 0, expectedNonce: [UInt8]? = nil, requireNonce: Bool = false,
        expectedModelHash: Hash? = nil, expectedModelID: String? = nil, expectedPlatform: AIRPlatform? = nil
    ) {
        self.maximumAge = maximumAge
        self.clockSkew = clockSkew
        self.expectedNonce = expectedNonce
        self.requireNonce = requireNonce
        self.expectedModelHash = expectedModelHash
        self.expectedModelID = expectedModelID
        self.expectedPlatform = expectedPlatform
    }

    /// Evaluates the policy on validated claims at time `now` (Unix seconds).
    ///
    /// Throws, in this order: `TIMESTAMP_STALE` when `now - maximumAge > iat`, `TIMESTAMP_FUTURE`
    /// when `iat > now + clockSkew` (both only when `maximumAge` is set), `NONCE_MISSING`,
    /// `NONCE_MISMATCH`, `MODEL_HASH_MISMATCH`, `MODEL_ID_MISMATCH`, `PLATFORM_MISMATCH`.
    public func evaluate(_ claims: AIRClaims, now: UInt64) throws(StatementsError) {
        // FRESH: now - max_age <= iat <= now + clock_skew (computed without overflow).
        if let maximumAge {
            if claims.issuedAt < now, now - claims.issuedAt > maximumAge {
                throw StatementsError(
                    .timestampStale,
                    "iat \(claims.issuedAt) is \(now - claims.issuedAt) s before now (\(now)); the maximum age is \(maximumAge) s")
            }
            if claims.issuedAt > now, claims.issuedAt - now > clockSkew {
                throw StatementsError(
                    .timestampFuture,
                    "iat \(claims.issuedAt) is \(claims.issuedAt - now) s after now (\(now)); the allowed skew is \(clockSkew) s")
            }
        }
        // NONCE: if the verifier supplied a nonce, eat_nonce must be present and match.
        if expectedNonce != nil || requireNonce {
            guard let nonce = claims.nonce else {
                throw StatementsError(.nonceMissing, "the policy expects a nonce; the receipt has no eat_nonce")
            }
            if let expectedNonce, nonce != expectedNonce {
                throw StatementsError(
                    .nonceMismatch, "eat_nonce is \(Self.hex(nonce)); the policy expects \(Self.hex(expectedNonce))")
            }
        }
        // MODEL: model_hash and model_id.
        if let expectedModelHash, claims.modelHash != expectedModelHash {
            throw StatementsError(
                .modelHashMismatch, "model_hash is \(claims.modelHash.hex); the policy expects \(expectedModelHash.hex)")
        }
        if let expectedModelID, claims.modelID != expectedModelID {
            throw StatementsError(
                .modelIDMismatch, "model_id is \"\(claims.modelID)\"; the policy expects \"\(expectedModelID)\"")
        }
        // PLATFORM: measurement_type.
        if let expectedPlatform, claims.measurements.platform != expectedPlatform {
            throw StatementsError(
                .platformMismatch,
                "measurement_type is \(claims.measurements.platform.rawValue); the policy expects \(expectedPlatform.rawValue)")
        }
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
