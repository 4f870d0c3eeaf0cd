import Foundation

/// The JSON claims file of `receiptlog issue` (specs/receipt-profile.md §Issuing): the profile's
/// claims by their names, byte strings in hex, data to commit to as file names. Every key is
/// optional; an unknown key is an error, so a misspelt claim is never silently dropped.
struct ClaimsFile: Decodable {
    struct Evidence: Decodable {
        var kind: String
        var media_type: String
        var digest_hex: String
    }
    struct Measurements: Decodable {
        var measurement_type: String
        var pcr0_hex: String
        var pcr1_hex: String
        var pcr2_hex: String
        var pcr8_hex: String?
    }
    struct Freshness: Decodable {
        var not_before: UInt64
        var not_after: UInt64
    }

    var iat: UInt64?
    var cti_hex: String?
    var eat_nonce_hex: String?
    var model_id: String?
    var model_version: String?
    var model_hash_hex: String?
    var model_hash_scheme: String?
    var request_file: String?
    var response_file: String?
    var parameters_file: String?
    var env_evidence: [Evidence]?
    var key_binding: String?
    var attestation_doc_hash_hex: String?
    var enclave_measurements: Measurements?
    var security_mode: String?
    var image_digest: String?
    var config_digest: String?
    var project: String?
    var `operator`: String?
    var freshness: Freshness?
    var policy_version: String?
    var sequence_number: UInt64?
    var execution_time_ms: UInt64?
    var memory_peak_mb: UInt64?

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
    static let maxCount = 1 << 20

    /// Reads and decodes the claims file at `path`; throws a one-line failure naming the problem.
    static func read(_ path: String) throws(CommandFailure) -> ClaimsFile {
        let bytes = try InputFile.read(path, limit: maxCount, what: "claims file")
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes))
        } catch {
            throw CommandFailure("\(path) is not JSON")
        }
        guard let top = object as? [String: Any] else { throw CommandFailure("\(path) is not a JSON object") }
        try checkKeys(top, in: "", path: path)
        for name in ["env_evidence", "enclave_measurements", "freshness"] {
            let values = (top[name] as? [Any]) ?? top[name].map { [$0] } ?? []
            for case let object as [String: Any] in values { try checkKeys(object, in: name, path: path) }
        }
        do {
            return try JSONDecoder().decode(ClaimsFile.self, from: Data(bytes))
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw CommandFailure("\(path): \(context.codingPath.map(\.stringValue).joined(separator: ".")) has the wrong type")
        } catch let DecodingError.keyNotFound(key, context) {
            let at = (context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: ".")
            throw CommandFailure("\(path): \(at) is missing")
        } catch {
            throw CommandFailure("\(path) is not a valid claims file")
        }
    }

    private static func checkKeys(_ object: [String: Any], in name: String, path: String) throws(CommandFailure) {
        let allowed = Self.allowed[name] ?? []
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            let at = name.isEmpty ? unknown : "\(name).\(unknown)"
            let hint = ["iss", "sub"].contains(unknown) ? " (iss is the key's name, sub is --subject)" : ""
            throw CommandFailure("\(path): unknown claim \(at)\(hint)")
        }
    }
}
