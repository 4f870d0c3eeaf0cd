// AIR v1 Layer 3, claim validation ("Verification Procedure", Layer 3, steps 1–10), in the
// draft's order; the type of each claim is checked where the claim is first read.
public import CBOR
import Merkle

extension AIRClaims {
    /// Validates a claims map (AIR v1 Layer 3) and returns its claims.
    ///
    /// Throws, in this order: for `cti` `MISSING_CLAIM`, `WRONG_TYPE`, `BAD_CTI_LENGTH`; for `iat`
    /// `WRONG_TYPE`, `IAT_ZERO`; for `eat_nonce` `WRONG_TYPE`, `BAD_NONCE_LENGTH`; for the hashes
    /// `BAD_HASH_LENGTH`, `ZERO_MODEL_HASH`; `BAD_TEXT_CLAIM` for text claims that are empty or
    /// longer than 1024 bytes; `WRONG_TYPE` for the integer claims; the measurement errors of
    /// ``AIRMeasurements``; `UNKNOWN_MODEL_HASH_SCHEME`; `UNKNOWN_CLAIM_KEY`.
    public init(cbor value: CBOR) throws(StatementsError) {
        guard let map = value.map else {
            throw StatementsError(.payloadNotMap, "the AIR v1 claims are not a map")
        }
        let reader = ClaimReader(map: map)
        // Step 1: cti is exactly 16 bytes (RFC 8392 §3.1.7; AIR: a UUID v4 as raw bytes).
        let cwtID = try reader.bytes(Key.cwtID, "cti")
        guard cwtID.count == 16 else {
            throw StatementsError(.badCTILength, "cti is \(cwtID.count) bytes; it must be 16")
        }
        // Step 2: iat is a non-zero unsigned integer (RFC 9711 §4.3.1: no floating point).
        let issuedAt = try reader.unsigned(Key.issuedAt, "iat")
        guard issuedAt != 0 else { throw StatementsError(.zeroIssuedAt, "iat is zero") }
        // eat_nonce, if present, is 8…64 bytes (RFC 9711 §4.1).
        var nonce: [UInt8]?
        if map[Key.nonce] != nil {
            let bytes = try reader.bytes(Key.nonce, "eat_nonce")
            guard (8...64).contains(bytes.count) else {
                throw StatementsError(.badNonceLength, "eat_nonce is \(bytes.count) bytes; it must be 8…64")
            }
            nonce = bytes
        }
        // Step 3: model_hash is 32 bytes and not all zeros; the other digests are 32 bytes.
        let modelHash = try reader.hash(Key.modelHash, "model_hash")
        guard modelHash != .zero else { throw StatementsError(.zeroModelHash, "model_hash is all zeros") }
        let requestHash = try reader.hash(Key.requestHash, "request_hash")
        let responseHash = try reader.hash(Key.responseHash, "response_hash")
        let attestationDocHash = try reader.hash(Key.attestationDocHash, "attestation_doc_hash")
        // Step 4: text claims are non-empty and at most 1024 bytes.
        let issuer = try reader.text(Key.issuer, "iss")
        let modelID = try reader.text(Key.modelID, "model_id")
        let modelVersion = try reader.text(Key.modelVersion, "model_version")
        let policyVersion = try reader.text(Key.policyVersion, "policy_version")
        let securityMode = try reader.text(Key.securityMode, "security_mode")
        let sequenceNumber = try reader.unsigned(Key.sequenceNumber, "sequence_number")
        let executionTime = try reader.unsigned(Key.executionTime, "execution_time_ms")
        let memoryPeak = try reader.unsigned(Key.memoryPeak, "memory_peak_mb")
        // Steps 5–8: the measurement map.
        guard let measurementsValue = map[Key.measurements] else {
            throw StatementsError(.missingClaim, "the claims have no enclave_measurements (claim -65543)")
        }
        let measurements = try AIRMeasurements(cbor: measurementsValue)
        // Step 9: model_hash_scheme, if present, is a defined scheme (fail closed).
        var scheme: AIRModelHashScheme?
        if let schemeValue = map[Key.modelHashScheme] {
            guard let name = schemeValue.textString else {
                throw StatementsError(.wrongType, "model_hash_scheme (claim -65549) is not a text string")
            }
            guard let known = AIRModelHashScheme(rawValue: name) else {
                throw StatementsError(
                    .unknownAIRModelHashScheme, "model_hash_scheme \"\(name.prefix(64))\" is not a scheme AIR v1 defines")
            }
            scheme = known
        }
        // Step 10: the claims map is closed. (Duplicate keys never reach here: the CBOR decoder
        // rejects them.)
        if let unknown = map.keys.first(where: { !Key.all.contains($0) }) {
            throw StatementsError(.unknownClaimKey, "the claims hold key \(Self.describe(unknown)), which AIR v1 does not define")
        }
        self.init(
            issuer: issuer, issuedAt: issuedAt, cwtID: cwtID, nonce: nonce, modelID: modelID,
            modelVersion: modelVersion, modelHash: modelHash, requestHash: requestHash, responseHash: responseHash,
            attestationDocHash: attestationDocHash, measurements: measurements, policyVersion: policyVersion,
            sequenceNumber: sequenceNumber, executionTimeMilliseconds: executionTime,
            memoryPeakMegabytes: memoryPeak, securityMode: securityMode, modelHashScheme: scheme)
    }

    /// A claim key for error messages.
    static func describe(_ key: CBOR) -> String {
        if let n = key.int64 { return String(n) }
        if let s = key.textString { return "\"\(s.prefix(64))\"" }
        return "of another CBOR type"
    }
}

/// Reads typed claims from a claims map, throwing `MISSING_CLAIM` and `WRONG_TYPE`.
private struct ClaimReader {
    let map: [CBOR: CBOR]

    func value(_ key: CBOR, _ name: String) throws(StatementsError) -> CBOR {
        guard let value = map[key] else {
            throw StatementsError(.missingClaim, "the claims have no \(name) (claim \(AIRClaims.describe(key)))")
        }
        return value
    }

    func bytes(_ key: CBOR, _ name: String) throws(StatementsError) -> [UInt8] {
        guard let bytes = try value(key, name).byteString else {
            throw StatementsError(.wrongType, "\(name) is not a byte string")
        }
        return bytes
    }

    func unsigned(_ key: CBOR, _ name: String) throws(StatementsError) -> UInt64 {
        guard case .unsigned(let n) = try value(key, name) else {
            throw StatementsError(.wrongType, "\(name) is not an unsigned integer")
        }
        return n
    }

    func text(_ key: CBOR, _ name: String) throws(StatementsError) -> String {
        guard let text = try value(key, name).textString else {
            throw StatementsError(.wrongType, "\(name) is not a text string")
        }
        let count = text.utf8.count
        guard (1...AIRClaims.maximumTextLength).contains(count) else {
            throw StatementsError(
                .badTextClaim, "\(name) is \(count) bytes long; it must be 1…\(AIRClaims.maximumTextLength)")
        }
        return text
    }

    func hash(_ key: CBOR, _ name: String) throws(StatementsError) -> Hash {
        let bytes = try bytes(key, name)
        guard bytes.count == Hash.count else {
            throw StatementsError(.badHashLength, "\(name) is \(bytes.count) bytes; a SHA-256 digest is 32")
        }
        // Hash(writing:) is inlinable; Hash(bytes:) is generic over Collection and is not
        // specialized across the module boundary, which made it the largest cost of Layer 3.
        return Hash { out in bytes.withUnsafeBytes { out.copyMemory(from: $0.baseAddress!, byteCount: Hash.count) } }
    }
}
