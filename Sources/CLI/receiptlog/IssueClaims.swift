import CryptoPrimitives
import Foundation
import Merkle
import Statements

/// Builds the claims of `receiptlog issue` from its flags and claims file, committing to the
/// request, response and parameters with fresh salts, or with the salts of `--salts`.
struct IssueClaims {
    /// The claims, validated.
    var claims: InferenceReceiptClaims
    /// Field name → salt, for the salts file.
    var salts: [String: [UInt8]]
    /// The manifest, when the model digest was computed from a directory.
    var manifest: ModelManifest?

    /// The largest request, response or parameters file read, in bytes.
    static let maxDataCount = 256 << 20

    /// The inputs of ``build(_:)``.
    struct Inputs {
        var issuer: String
        var subject: String
        var file: ClaimsFile
        /// The directory that relative file names in the claims file are relative to.
        var fileDirectory: String
        var modelDirectory: String?
        var followSymlinks: Bool
        var modelID: String?
        var modelVersion: String?
        var request: String?
        var response: String?
        var parameters: String?
        /// Field name → salt from `--salts`, used instead of fresh salts; nil for fresh salts.
        var salts: [String: [UInt8]]? = nil
        /// The `--salts` file, named in errors.
        var saltsPath: String? = nil
        var now: UInt64
    }

    /// Builds and validates the claims; throws a one-line failure naming the problem.
    static func build(_ inputs: Inputs) throws(CommandFailure) -> IssueClaims {
        let f = inputs.file
        var salts: [String: [UInt8]] = [:]
        var commitments: [Commitment] = []
        let sources: [(CommitmentField, String?, String?)] = [
            (.request, inputs.request, f.request_file), (.response, inputs.response, f.response_file),
            (.parameters, inputs.parameters, f.parameters_file),
        ]
        let committed = sources.filter { $0.0 != .parameters || $0.1 != nil || $0.2 != nil }.map(\.0.name)
        if let given = inputs.salts {
            try checkGivenSalts(given, committed: committed, path: inputs.saltsPath ?? "--salts")
        }
        for (field, flag, fromFile) in sources {
            let path: String
            if let flag {
                path = flag
            } else if let fromFile {
                path = fromFile.hasPrefix("/") ? fromFile : inputs.fileDirectory + "/" + fromFile
            } else if field == .parameters {
                continue
            } else {
                throw CommandFailure("give the \(field) to commit to with --\(field) FILE or \(field)_file in --claims")
            }
            let data = try InputFile.read(path, limit: maxDataCount, what: "\(field) file")
            if let salt = inputs.salts?[field.name] {
                commitments.append(
                    try statements { () throws(StatementsError) in try Commitment.commit(to: data, field: field, salt: salt) })
                salts[field.name] = salt
            } else {
                let (commitment, salt) = Commitment.commit(to: data, field: field)
                commitments.append(commitment)
                salts[field.name] = salt
            }
        }

        let (modelHash, scheme, manifest) = try model(inputs)
        guard let modelID = inputs.modelID ?? f.model_id else {
            throw CommandFailure("give the model's name with --model-id or model_id in --claims")
        }
        guard let modelVersion = inputs.modelVersion ?? f.model_version else {
            throw CommandFailure("give the model's version with --model-version or model_version in --claims")
        }
        let cwtID = try f.cti_hex.map { h throws(CommandFailure) in try hex(h, "cti_hex") } ?? SecureRandom.bytes(16)
        let nonce = try f.eat_nonce_hex.map { h throws(CommandFailure) in try hex(h, "eat_nonce_hex") }
        var evidence: [InferenceReceiptEvidence] = []
        for e in f.env_evidence ?? [] {
            let digest = try hash(e.digest_hex, "env_evidence.digest_hex")
            evidence.append(try statements { () throws(StatementsError) in try InferenceReceiptEvidence(kind: e.kind, mediaType: e.media_type, digest: digest) })
        }
        let attestationDocHash = try f.attestation_doc_hash_hex.map { h throws(CommandFailure) in
            try hash(h, "attestation_doc_hash_hex")
        }
        let measurements = try f.enclave_measurements.map { m throws(CommandFailure) in try Self.measurements(m) }
        return try statements { () throws(StatementsError) in
            var claims = InferenceReceiptClaims(
                issuer: inputs.issuer, subject: inputs.subject, issuedAt: f.iat ?? inputs.now, cwtID: cwtID,
                nonce: nonce, modelID: modelID, modelVersion: modelVersion, modelHash: modelHash,
                modelHashScheme: scheme, evidence: evidence, keyBinding: f.key_binding,
                attestationDocHash: attestationDocHash, measurements: measurements, securityMode: f.security_mode,
                commitments: commitments.sorted { $0.field < $1.field })
            claims.imageDigest = try f.image_digest.map { d throws(StatementsError) in try InferenceReceiptDigest(d) }
            claims.configDigest = try f.config_digest.map { d throws(StatementsError) in try InferenceReceiptDigest(d) }
            claims.project = f.project
            claims.operatorName = f.operator
            claims.freshness = try f.freshness.map { w throws(StatementsError) in
                try InferenceReceiptFreshness(notBefore: w.not_before, notAfter: w.not_after)
            }
            claims.policyVersion = f.policy_version
            claims.sequenceNumber = f.sequence_number
            claims.executionTimeMilliseconds = f.execution_time_ms
            claims.memoryPeakMegabytes = f.memory_peak_mb
            try claims.validate()
            return IssueClaims(claims: claims, salts: salts, manifest: manifest)
        }
    }

    /// Checks the salts of `--salts` against the fields committed to: one salt for each, and no
    /// other field (specs/receipt-profile.md §Issuing).
    private static func checkGivenSalts(
        _ given: [String: [UInt8]], committed: [String], path: String
    ) throws(CommandFailure) {
        if let unknown = given.keys.sorted().first(where: { !committed.contains($0) }) {
            throw CommandFailure(
                "\(path): unknown field \(unknown); this statement commits to \(committed.sorted().joined(separator: ", "))")
        }
        if let missing = committed.sorted().first(where: { given[$0] == nil }) {
            throw CommandFailure("\(path) has no salt for \(missing); give one for each of \(committed.sorted().joined(separator: ", "))")
        }
    }

    /// The model digest: computed from --model-dir, or given in the claims file.
    private static func model(
        _ inputs: Inputs
    ) throws(CommandFailure) -> (Hash, InferenceReceiptModelHashScheme, ModelManifest?) {
        let f = inputs.file
        switch (inputs.modelDirectory, f.model_hash_hex) {
        case (let directory?, nil):
            guard f.model_hash_scheme == nil else {
                throw CommandFailure("model_hash_scheme in --claims goes with model_hash_hex, not --model-dir")
            }
            let manifest = try ModelDigest.hash(directory, followSymlinks: inputs.followSymlinks)
            return (manifest.digest, .receiptlogManifestV1, manifest)
        case (nil, let digest?):
            guard let name = f.model_hash_scheme else {
                throw CommandFailure("model_hash_hex in --claims needs model_hash_scheme")
            }
            return (try hash(digest, "model_hash_hex"), try statements { () throws(StatementsError) in try InferenceReceiptModelHashScheme(name: name) }, nil)
        case (_?, _?):
            throw CommandFailure("give the model digest once: --model-dir or model_hash_hex in --claims, not both")
        case (nil, nil):
            throw CommandFailure("give the model with --model-dir DIR or model_hash_hex in --claims")
        }
    }

    private static func measurements(_ m: ClaimsFile.Measurements) throws(CommandFailure) -> AIRMeasurements {
        guard let platform = AIRPlatform(rawValue: m.measurement_type) else {
            throw CommandFailure("enclave_measurements.measurement_type is not nitro-pcr or tdx-mrtd-rtmr")
        }
        let pcr0 = try hex(m.pcr0_hex, "pcr0_hex"), pcr1 = try hex(m.pcr1_hex, "pcr1_hex")
        let pcr2 = try hex(m.pcr2_hex, "pcr2_hex")
        let pcr8 = try m.pcr8_hex.map { h throws(CommandFailure) in try hex(h, "pcr8_hex") }
        return try statements { () throws(StatementsError) in try AIRMeasurements(platform: platform, pcr0: pcr0, pcr1: pcr1, pcr2: pcr2, pcr8: pcr8) }
    }

    private static func hex(_ text: String, _ name: String) throws(CommandFailure) -> [UInt8] {
        guard let bytes = Hex.decode(text) else { throw CommandFailure("\(name) is not hex") }
        return bytes
    }

    private static func hash(_ text: String, _ name: String) throws(CommandFailure) -> Hash {
        let bytes = try hex(text, name)
        guard bytes.count == 32 else { throw CommandFailure("\(name) is \(bytes.count) bytes, not 32") }
        return Hash { out in bytes.withUnsafeBytes { out.copyMemory(from: $0.baseAddress!, byteCount: 32) } }
    }

    /// Runs `body`, turning a Statements error into a one-line failure.
    private static func statements<T>(_ body: () throws(StatementsError) -> T) throws(CommandFailure) -> T {
        do { return try body() } catch { throw CommandFailure(error.message) }
    }
}
