// specs/receipt-profile.md §Claims: the claim keys. Standard CWT and EAT claims keep their IANA
// keys; claims shared with AIR v1 keep AIR's private-use keys (-65537…-65549); the claims this
// profile adds use -65600…-65607, outside AIR's assigned and reserved range (-65537…-65599).
public import CBOR

extension InferenceReceiptClaims {
    /// The claim keys of the inference-receipt profile.
    public enum Key {
        /// `iss` (RFC 8392 §3.1.1).
        public static let issuer = CBOR.unsigned(1)
        /// `sub` (RFC 8392 §3.1.2).
        public static let subject = CBOR.unsigned(2)
        /// `iat` (RFC 8392 §3.1.6).
        public static let issuedAt = CBOR.unsigned(6)
        /// `cti` (RFC 8392 §3.1.7).
        public static let cwtID = CBOR.unsigned(7)
        /// `eat_nonce` (RFC 9711 §4.1).
        public static let nonce = CBOR.unsigned(10)
        /// `eat_profile` (RFC 9711 §4.3.2).
        public static let profile = CBOR.unsigned(265)
        /// `model_id` (AIR v1).
        public static let modelID = CBOR.int(-65537)
        /// `model_version` (AIR v1).
        public static let modelVersion = CBOR.int(-65538)
        /// `model_hash` (AIR v1).
        public static let modelHash = CBOR.int(-65539)
        /// `attestation_doc_hash` (AIR v1).
        public static let attestationDocHash = CBOR.int(-65542)
        /// `enclave_measurements` (AIR v1).
        public static let measurements = CBOR.int(-65543)
        /// `policy_version` (AIR v1).
        public static let policyVersion = CBOR.int(-65544)
        /// `sequence_number` (AIR v1).
        public static let sequenceNumber = CBOR.int(-65545)
        /// `execution_time_ms` (AIR v1).
        public static let executionTime = CBOR.int(-65546)
        /// `memory_peak_mb` (AIR v1).
        public static let memoryPeak = CBOR.int(-65547)
        /// `security_mode` (AIR v1).
        public static let securityMode = CBOR.int(-65548)
        /// `model_hash_scheme` (AIR v1).
        public static let modelHashScheme = CBOR.int(-65549)
        /// `env_evidence`.
        public static let evidence = CBOR.int(-65600)
        /// `key_binding`.
        public static let keyBinding = CBOR.int(-65601)
        /// `image_digest`.
        public static let imageDigest = CBOR.int(-65602)
        /// `config_digest`.
        public static let configDigest = CBOR.int(-65603)
        /// `project`.
        public static let project = CBOR.int(-65604)
        /// `operator`.
        public static let operatorName = CBOR.int(-65605)
        /// `freshness`.
        public static let freshness = CBOR.int(-65606)
        /// `commitments`.
        public static let commitments = CBOR.int(-65607)

        /// Every key the profile defines: the claims map is closed, and a decoder refuses any
        /// other key (AIR's `request_hash` -65540 and `response_hash` -65541 included).
        public static let all: Set<CBOR> = [
            issuer, subject, issuedAt, cwtID, nonce, profile, modelID, modelVersion, modelHash,
            attestationDocHash, measurements, policyVersion, sequenceNumber, executionTime, memoryPeak,
            securityMode, modelHashScheme, evidence, keyBinding, imageDigest, configDigest, project,
            operatorName, freshness, commitments,
        ]
    }
}
