import Foundation

/// The JSON claims file of `receiptlog issue` (specs/receipt-profile.md §Issuing): the profile's
/// claims by their names, byte strings in hex, data to commit to as file names. Every key is
/// optional; an unknown key is an error, so a misspelt claim is never silently dropped.
///
/// A program may also fill one in directly (``init()``, then set the claims it gives) and pass it
/// in an ``IssuanceRequest``; its values are checked when the receipt is issued.
public struct ClaimsFile: Decodable, Sendable {
    /// One `env_evidence` entry: a reference to evidence by kind, media type and SHA-256.
    public struct Evidence: Decodable, Sendable {
        /// The evidence kind, e.g. `nitro-attestation-document`.
        public var kind: String
        /// The media type of the referenced bytes.
        public var media_type: String
        /// The SHA-256 of the referenced bytes, 64 hex digits.
        public var digest_hex: String

        /// Creates an entry.
        public init(kind: String, media_type: String, digest_hex: String) {
            self.kind = kind
            self.media_type = media_type
            self.digest_hex = digest_hex
        }
    }

    /// The `enclave_measurements` object (AIR v1).
    public struct Measurements: Decodable, Sendable {
        /// `nitro-pcr` or `tdx-mrtd-rtmr`.
        public var measurement_type: String
        /// PCR0, hex.
        public var pcr0_hex: String
        /// PCR1, hex.
        public var pcr1_hex: String
        /// PCR2, hex.
        public var pcr2_hex: String
        /// PCR8, hex, when present.
        public var pcr8_hex: String?

        /// Creates the measurements.
        public init(measurement_type: String, pcr0_hex: String, pcr1_hex: String, pcr2_hex: String, pcr8_hex: String? = nil) {
            self.measurement_type = measurement_type
            self.pcr0_hex = pcr0_hex
            self.pcr1_hex = pcr1_hex
            self.pcr2_hex = pcr2_hex
            self.pcr8_hex = pcr8_hex
        }
    }

    /// The `freshness` window, in Unix seconds.
    public struct Freshness: Decodable, Sendable {
        /// The first second the receipt is fresh.
        public var not_before: UInt64
        /// The last second the receipt is fresh.
        public var not_after: UInt64

        /// Creates a window.
        public init(not_before: UInt64, not_after: UInt64) {
            self.not_before = not_before
            self.not_after = not_after
        }
    }

    /// `iat`, Unix seconds; the time of issuing when absent.
    public var iat: UInt64?
    /// `cti` in hex; 16 fresh random bytes when absent.
    public var cti_hex: String?
    /// `eat_nonce` in hex.
    public var eat_nonce_hex: String?
    /// The model's name.
    public var model_id: String?
    /// The model's version.
    public var model_version: String?
    /// The model digest in hex, instead of a model directory; needs ``model_hash_scheme``.
    public var model_hash_hex: String?
    /// The scheme of ``model_hash_hex``.
    public var model_hash_scheme: String?
    /// The request file, relative to the claims file's directory unless absolute.
    public var request_file: String?
    /// The response file, relative to the claims file's directory unless absolute.
    public var response_file: String?
    /// The parameters file, relative to the claims file's directory unless absolute.
    public var parameters_file: String?
    /// Evidence references.
    public var env_evidence: [Evidence]?
    /// How the issuer key is bound into the evidence.
    public var key_binding: String?
    /// The SHA-256 of the attestation document, hex (AIR v1).
    public var attestation_doc_hash_hex: String?
    /// The enclave measurements (AIR v1).
    public var enclave_measurements: Measurements?
    /// The security mode (AIR v1).
    public var security_mode: String?
    /// The container image digest, `sha256:<hex>`.
    public var image_digest: String?
    /// The configuration digest, `sha256:<hex>`.
    public var config_digest: String?
    /// The project.
    public var project: String?
    /// The operator.
    public var `operator`: String?
    /// The freshness window.
    public var freshness: Freshness?
    /// The policy version.
    public var policy_version: String?
    /// The sequence number.
    public var sequence_number: UInt64?
    /// The execution time, in milliseconds.
    public var execution_time_ms: UInt64?
    /// The peak memory use, in mebibytes.
    public var memory_peak_mb: UInt64?

    /// An empty claims file: every claim comes from elsewhere or takes its default.
    public init() {}

    /// The keys each object may hold.
    private static let allowed: [String: Set<String>] = [
        "": [
            "iat", "cti_hex", "eat_nonce_hex", "model_id", "model_version", "model_hash_hex", "model_hash_scheme",
            "request_file", "response_file", "parameters_file", "env_evidence", "key_binding",
            "attestation_doc_hash_hex", "enclave_measurements", "security_mode", "image_digest", "config_digest",
            "project", "operator", "freshness", "policy_version", "sequence_number", "execution_time_ms",
            "memory_peak_mb",
        ],
        "env_evidence": ["kind", "media_type", "digest_hex"],
        "enclave_measurements": ["measurement_type", "pcr0_hex", "pcr1_hex", "pcr2_hex", "pcr8_hex"],
        "freshness": ["not_before", "not_after"],
    ]

    /// The largest claims file read, in bytes.
    public static let maxCount = 1 << 20

    /// Reads and decodes the claims file at `path`.
    ///
    /// Throws `UNREADABLE_INPUT` when it cannot be read or is larger than ``maxCount``, and
    /// `BAD_CLAIMS_FILE` for the problems ``init(decoding:path:)`` names.
    public static func read(_ path: String) throws(IssuanceError) -> ClaimsFile {
        try ClaimsFile(decoding: try InputReading.read(path, limit: maxCount, what: "claims file"), path: path)
    }

    /// Decodes a claims file's bytes; `path` names it in messages.
    ///
    /// Throws `BAD_CLAIMS_FILE` when the bytes are not JSON, not an object, hold an unknown key
    /// (at the top or in `env_evidence`, `enclave_measurements` or `freshness`), a value of the
    /// wrong type, or lack a key an object requires.
    public init(decoding bytes: [UInt8], path: String) throws(IssuanceError) {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes))
        } catch {
            throw IssuanceError(.badClaimsFile, "\(path) is not JSON")
        }
        guard let top = object as? [String: Any] else { throw IssuanceError(.badClaimsFile, "\(path) is not a JSON object") }
        try Self.checkKeys(top, in: "", path: path)
        for name in ["env_evidence", "enclave_measurements", "freshness"] {
            let values = (top[name] as? [Any]) ?? top[name].map { [$0] } ?? []
            for case let object as [String: Any] in values { try Self.checkKeys(object, in: name, path: path) }
        }
        do {
            self = try JSONDecoder().decode(ClaimsFile.self, from: Data(bytes))
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw IssuanceError(
                .badClaimsFile, "\(path): \(context.codingPath.map(\.stringValue).joined(separator: ".")) has the wrong type")
        } catch let DecodingError.keyNotFound(key, context) {
            let at = (context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: ".")
            throw IssuanceError(.badClaimsFile, "\(path): \(at) is missing")
        } catch {
            throw IssuanceError(.badClaimsFile, "\(path) is not a valid claims file")
        }
    }

    private static func checkKeys(_ object: [String: Any], in name: String, path: String) throws(IssuanceError) {
        let allowed = Self.allowed[name] ?? []
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            let at = name.isEmpty ? unknown : "\(name).\(unknown)"
            let hint = ["iss", "sub"].contains(unknown) ? " (iss is the key's name, sub is --subject)" : ""
            throw IssuanceError(.badClaimsFile, "\(path): unknown claim \(at)\(hint)")
        }
    }
}
