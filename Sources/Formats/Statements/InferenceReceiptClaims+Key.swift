// specs/receipt-profile.md §Claims: the claim keys. Standard CWT and EAT claims keep their IANA
// keys; claims shared with AIR v1 keep AIR's private-use keys (-65537…-65549); the claims this
// profile adds use -65600…-65607, outside AIR's assigned and reserved range (-65537…-65599).
//
// The keys are computed, not stored: a stored CBOR constant lives for the whole process behind a
// pointer whose spare bits hold the enum case, which LeakSanitizer (fuzz/) cannot follow and
// reports as leaked.
public import CBOR

extension InferenceReceiptClaims {
    /// The claim keys of the inference-receipt profile.
    public enum Key {
        /// `iss` (RFC 8392 §3.1.1).
        public static var issuer: CBOR { CBOR.unsigned(1) }
        /// `sub` (RFC 8392 §3.1.2).
        public static var subject: CBOR { CBOR.unsigned(2) }
        /// `iat` (RFC 8392 §3.1.6).
        public static var issuedAt: CBOR { CBOR.unsigned(6) }
        /// `cti` (RFC 8392 §3.1.7).
        public static var cwtID: CBOR { CBOR.unsigned(7) }
        /// `eat_nonce` (RFC 9711 §4.1).
        public static var nonce: CBOR { CBOR.unsigned(10) }
        /// `eat_profile` (RFC 9711 §4.3.2).
        public static var profile: CBOR { CBOR.unsigned(265) }
        /// `model_id` (AIR v1).
        public static var modelID: CBOR { CBOR.int(-65537) }
        /// `model_version` (AIR v1).
        public static var modelVersion: CBOR { CBOR.int(-65538) }
        /// `model_hash` (AIR v1).
        public static var modelHash: CBOR { CBOR.int(-65539) }
        /// `attestation_doc_hash` (AIR v1).
        public static var attestationDocHash: CBOR { CBOR.int(-65542) }
        /// `enclave_measurements` (AIR v1).
        public static var measurements: CBOR { CBOR.int(-65543) }
        /// `policy_version` (AIR v1).
        public static var policyVersion: CBOR { CBOR.int(-65544) }
        /// `sequence_number` (AIR v1).
        public static var sequenceNumber: CBOR { CBOR.int(-65545) }
        /// `execution_time_ms` (AIR v1).
        public static var executionTime: CBOR { CBOR.int(-65546) }
        /// `memory_peak_mb` (AIR v1).
        public static var memoryPeak: CBOR { CBOR.int(-65547) }
        /// `security_mode` (AIR v1).
        public static var securityMode: CBOR { CBOR.int(-65548) }
        /// `model_hash_scheme` (AIR v1).
        public static var modelHashScheme: CBOR { CBOR.int(-65549) }
        /// `env_evidence`.
        public static var evidence: CBOR { CBOR.int(-65600) }
        /// `key_binding`.
        public static var keyBinding: CBOR { CBOR.int(-65601) }
        /// `image_digest`.
        public static var imageDigest: CBOR { CBOR.int(-65602) }
        /// `config_digest`.
        public static var configDigest: CBOR { CBOR.int(-65603) }
        /// `project`.
        public static var project: CBOR { CBOR.int(-65604) }
        /// `operator`.
        public static var operatorName: CBOR { CBOR.int(-65605) }
        /// `freshness`.
        public static var freshness: CBOR { CBOR.int(-65606) }
        /// `commitments`.
        public static var commitments: CBOR { CBOR.int(-65607) }

        /// Every key the profile defines: the claims map is closed, and a decoder refuses any
        /// other key (AIR's `request_hash` -65540 and `response_hash` -65541 included).
        public static var all: Set<CBOR> {
            [
                issuer, subject, issuedAt, cwtID, nonce, profile, modelID, modelVersion, modelHash,
                attestationDocHash, measurements, policyVersion, sequenceNumber, executionTime, memoryPeak,
                securityMode, modelHashScheme, evidence, keyBinding, imageDigest, configDigest, project,
                operatorName, freshness, commitments,
            ]
        }
    }
}
