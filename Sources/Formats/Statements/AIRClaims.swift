// The claims of an AIR v1 receipt (Tests/Vectors/air-v1/air-v1.cddl, "air-claims"): standard
// CWT/EAT claims (RFC 8392 §3.1, RFC 9711) and AIR private claims -65537…-65549.
public import CBOR
public import Merkle

/// How `model_hash` was computed (AIR v1 claim -65549).
public enum AIRModelHashScheme: String, Sendable, Hashable, CaseIterable {
    /// SHA-256 of a single weights file.
    case sha256Single = "sha256-single"
    /// SHA-256 of the weight files concatenated in lexicographic file name order.
    case sha256Concat = "sha256-concat"
    /// SHA-256 of a manifest listing per-file hashes.
    case sha256Manifest = "sha256-manifest"
}

/// The validated claims of an AIR v1 receipt: every value has passed AIR v1 Layer 3.
public struct AIRClaims: Sendable, Hashable {
    /// The `eat_profile` of AIR v1 (claim 265).
    public static let profile = "https://spec.cyntrisec.com/air/v1"
    /// The longest text claim, in UTF-8 bytes (AIR v1 Layer 3 step 4, the recommended bound).
    public static let maximumTextLength = 1024

    /// `iss` (claim 1): the issuer.
    public var issuer: String
    /// `iat` (claim 6): when the inference completed, in Unix seconds; never zero.
    public var issuedAt: UInt64
    /// `cti` (claim 7): the 16-byte CWT ID.
    public var cwtID: [UInt8]
    /// `eat_nonce` (claim 10): the verifier's challenge, 8…64 bytes, if any.
    public var nonce: [UInt8]?
    /// `model_id` (claim -65537).
    public var modelID: String
    /// `model_version` (claim -65538).
    public var modelVersion: String
    /// `model_hash` (claim -65539): SHA-256 of the model, never all zeros.
    public var modelHash: Hash
    /// `request_hash` (claim -65540): SHA-256 of the request.
    public var requestHash: Hash
    /// `response_hash` (claim -65541): SHA-256 of the response.
    public var responseHash: Hash
    /// `attestation_doc_hash` (claim -65542): SHA-256 of the platform attestation document.
    public var attestationDocHash: Hash
    /// `enclave_measurements` (claim -65543).
    public var measurements: AIRMeasurements
    /// `policy_version` (claim -65544).
    public var policyVersion: String
    /// `sequence_number` (claim -65545).
    public var sequenceNumber: UInt64
    /// `execution_time_ms` (claim -65546).
    public var executionTimeMilliseconds: UInt64
    /// `memory_peak_mb` (claim -65547).
    public var memoryPeakMegabytes: UInt64
    /// `security_mode` (claim -65548).
    public var securityMode: String
    /// `model_hash_scheme` (claim -65549), if declared.
    public var modelHashScheme: AIRModelHashScheme?

    /// Creates claims from their values. ``init(cbor:)`` validates; this initializer trusts its
    /// caller, and ``AIRReceipt/sign(claims:key:)`` validates what it signs.
    public init(
        issuer: String, issuedAt: UInt64, cwtID: [UInt8], nonce: [UInt8]? = nil, modelID: String,
        modelVersion: String, modelHash: Hash, requestHash: Hash, responseHash: Hash, attestationDocHash: Hash,
        measurements: AIRMeasurements, policyVersion: String, sequenceNumber: UInt64,
        executionTimeMilliseconds: UInt64, memoryPeakMegabytes: UInt64, securityMode: String,
        modelHashScheme: AIRModelHashScheme? = nil
    ) {
        self.issuer = issuer
        self.issuedAt = issuedAt
        self.cwtID = cwtID
        self.nonce = nonce
        self.modelID = modelID
        self.modelVersion = modelVersion
        self.modelHash = modelHash
        self.requestHash = requestHash
        self.responseHash = responseHash
        self.attestationDocHash = attestationDocHash
        self.measurements = measurements
        self.policyVersion = policyVersion
        self.sequenceNumber = sequenceNumber
        self.executionTimeMilliseconds = executionTimeMilliseconds
        self.memoryPeakMegabytes = memoryPeakMegabytes
        self.securityMode = securityMode
        self.modelHashScheme = modelHashScheme
    }

    /// The claims map. Its ``CBOR/encoded()`` form is deterministic (RFC 8949 §4.2.1), as AIR v1
    /// requires of the payload.
    public var cbor: CBOR {
        var map: [CBOR: CBOR] = [
            Key.issuer: .text(issuer),
            Key.issuedAt: .unsigned(issuedAt),
            Key.cwtID: .bytes(cwtID),
            Key.profile: .text(Self.profile),
            Key.modelID: .text(modelID),
            Key.modelVersion: .text(modelVersion),
            Key.modelHash: .bytes(modelHash.bytes),
            Key.requestHash: .bytes(requestHash.bytes),
            Key.responseHash: .bytes(responseHash.bytes),
            Key.attestationDocHash: .bytes(attestationDocHash.bytes),
            Key.measurements: measurements.cbor,
            Key.policyVersion: .text(policyVersion),
            Key.sequenceNumber: .unsigned(sequenceNumber),
            Key.executionTime: .unsigned(executionTimeMilliseconds),
            Key.memoryPeak: .unsigned(memoryPeakMegabytes),
            Key.securityMode: .text(securityMode),
        ]
        if let nonce { map[Key.nonce] = .bytes(nonce) }
        if let modelHashScheme { map[Key.modelHashScheme] = .text(modelHashScheme.rawValue) }
        return .map(map)
    }

    /// The claim keys of AIR v1.
    public enum Key {
        /// `iss` (RFC 8392 §3.1.1).
        public static let issuer = CBOR.unsigned(1)
        /// `iat` (RFC 8392 §3.1.6).
        public static let issuedAt = CBOR.unsigned(6)
        /// `cti` (RFC 8392 §3.1.7).
        public static let cwtID = CBOR.unsigned(7)
        /// `eat_nonce` (RFC 9711 §4.1).
        public static let nonce = CBOR.unsigned(10)
        /// `eat_profile` (RFC 9711 §4.3.2).
        public static let profile = CBOR.unsigned(265)
        /// `model_id`.
        public static let modelID = CBOR.int(-65537)
        /// `model_version`.
        public static let modelVersion = CBOR.int(-65538)
        /// `model_hash`.
        public static let modelHash = CBOR.int(-65539)
        /// `request_hash`.
        public static let requestHash = CBOR.int(-65540)
        /// `response_hash`.
        public static let responseHash = CBOR.int(-65541)
        /// `attestation_doc_hash`.
        public static let attestationDocHash = CBOR.int(-65542)
        /// `enclave_measurements`.
        public static let measurements = CBOR.int(-65543)
        /// `policy_version`.
        public static let policyVersion = CBOR.int(-65544)
        /// `sequence_number`.
        public static let sequenceNumber = CBOR.int(-65545)
        /// `execution_time_ms`.
        public static let executionTime = CBOR.int(-65546)
        /// `memory_peak_mb`.
        public static let memoryPeak = CBOR.int(-65547)
        /// `security_mode`.
        public static let securityMode = CBOR.int(-65548)
        /// `model_hash_scheme`.
        public static let modelHashScheme = CBOR.int(-65549)

        /// Every key AIR v1 defines: the claims map is closed.
        public static let all: Set<CBOR> = [
            issuer, issuedAt, cwtID, nonce, profile, modelID, modelVersion, modelHash, requestHash, responseHash,
            attestationDocHash, measurements, policyVersion, sequenceNumber, executionTime, memoryPeak, securityMode,
            modelHashScheme,
        ]
    }
}
