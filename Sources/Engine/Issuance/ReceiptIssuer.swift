// specs/receipt-profile.md §Issuing: an inference receipt from its inputs. The checks run in the
// order `receiptlog issue` has always reported them: the key, AIR v1's missing parameters claim,
// the given salts, the commitments (each file read as it is committed to), the model, then the
// other claims, the evidence statements, and last the signature.
import CryptoPrimitives
import Merkle
import ModelDirectory
import Notes
import Statements

/// Issues inference receipts: builds the claims of an ``IssuanceRequest``, commits to its data
/// with fresh or given salts, hashes the model directory, adds the evidence references, and signs.
///
/// Pure apart from reading the request's input files and model directory; writes nothing.
public enum ReceiptIssuer {
    /// The largest request, response or parameters read, in bytes.
    public static let maxDataCount = 256 << 20

    /// Issues the receipt `request` describes.
    ///
    /// Throws `WRONG_KEY_TYPE` for a key that is not Ed25519 (type 0x01); `CONFLICTING_INPUTS`
    /// for parameters in an AIR v1 receipt, a model given both as a directory and a hash, or a
    /// hash scheme with a directory; `BAD_SALTS` for given salts that are malformed or do not
    /// match the fields committed to (one for each, and no other); `MISSING_INPUT` for a request,
    /// response, model, model name or version given nowhere; `UNREADABLE_INPUT` for a file that
    /// cannot be read or is too large; `BAD_MODEL` when the model directory cannot be hashed;
    /// `BAD_EVIDENCE_STATEMENT` for a statement that is not evidence or collateral; and
    /// `BAD_CLAIM` for malformed claims or claims the receipt profile refuses.
    public static func issue(_ request: IssuanceRequest) throws(IssuanceError) -> IssuedReceipt {
        let key = request.issuerKey
        guard key.type == .ed25519 else {
            throw IssuanceError(
                .wrongKeyType, "the issuer key \(key.name) is a \(key.type) key; issuing needs an Ed25519 (type 0x01) key")
        }
        if request.format == .air, request.parameters != nil {
            throw IssuanceError(.conflictingInputs, "AIR v1 has no claim for a parameters commitment; drop --parameters or --air")
        }
        if request.format == .air, request.claims.parameters_file != nil {
            throw IssuanceError(.conflictingInputs, "AIR v1 has no claim for a parameters commitment; drop parameters_file or --air")
        }
        let given: [String: [UInt8]]?
        let saltsName: String
        switch request.salts {
        case .fresh: (given, saltsName) = (nil, "--salts")
        case .given(let salts): (given, saltsName) = (salts, "--salts")
        case .file(let path): (given, saltsName) = (try SaltsFile.given(from: path), path)
        }
        let built = try build(request, givenSalts: given, saltsName: saltsName)
        var claims = built.claims
        for input in request.evidenceStatements {
            let bytes = try InputReading.bytes(of: input, limit: EvidenceReference.maxStatementCount, what: "evidence statement")
            claims.evidence.append(try EvidenceReference.of(statement: bytes, path: name(of: input)))
        }
        if let keyBinding = request.keyBinding { claims.keyBinding = keyBinding }
        let bytes = try statements { () throws(StatementsError) in
            switch request.format {
            case .air: try AIRReceipt.sign(claims: try claims.airClaims(), key: key.privateKey).encoded()
            case .signedStatement: try claims.signedStatement(key: key.privateKey).encoded()
            }
        }
        return IssuedReceipt(
            bytes: bytes, format: request.format, claims: claims, salts: built.salts,
            saltsFile: SaltsFile(statement: bytes, salts: built.salts), manifest: built.manifest)
    }

    /// The name of `input` in messages.
    private static func name(of input: IssuanceRequest.Input) -> String {
        switch input {
        case .file(let path): path
        case .bytes(_, let name): name
        }
    }

    /// The claims (validated), the salts and the manifest of `request`, before the evidence
    /// statements and the key binding it adds.
    private static func build(
        _ request: IssuanceRequest, givenSalts: [String: [UInt8]]?, saltsName: String
    ) throws(IssuanceError) -> (claims: InferenceReceiptClaims, salts: [String: [UInt8]], manifest: ModelManifest?) {
        let f = request.claims
        var salts: [String: [UInt8]] = [:]
        var commitments: [Commitment] = []
        let sources: [(CommitmentField, IssuanceRequest.Input?, String?)] = [
            (.request, request.request, f.request_file), (.response, request.response, f.response_file),
            (.parameters, request.parameters, f.parameters_file),
        ]
        let committed = sources.filter { $0.0 != .parameters || $0.1 != nil || $0.2 != nil }.map(\.0.name)
        if let givenSalts {
            try checkGivenSalts(givenSalts, committed: committed, name: saltsName)
        }
        for (field, direct, fromFile) in sources {
            let input: IssuanceRequest.Input
            if let direct {
                input = direct
            } else if let fromFile {
                input = .file(fromFile.hasPrefix("/") ? fromFile : request.claimsDirectory + "/" + fromFile)
            } else if field == .parameters {
                continue
            } else {
                throw IssuanceError(.missingInput, "give the \(field) to commit to with --\(field) FILE or \(field)_file in --claims")
            }
            let data = try InputReading.bytes(of: input, limit: maxDataCount, what: "\(field) file")
            if let salt = givenSalts?[field.name] {
                commitments.append(
                    try statements { () throws(StatementsError) in try Commitment.commit(to: data, field: field, salt: salt) })
                salts[field.name] = salt
            } else {
                let (commitment, salt) = Commitment.commit(to: data, field: field)
                commitments.append(commitment)
                salts[field.name] = salt
            }
        }

        let (modelHash, scheme, manifest) = try model(request)
        guard let modelID = request.modelID ?? f.model_id else {
            throw IssuanceError(.missingInput, "give the model's name with --model-id or model_id in --claims")
        }
        guard let modelVersion = request.modelVersion ?? f.model_version else {
            throw IssuanceError(.missingInput, "give the model's version with --model-version or model_version in --claims")
        }
        let ctiFromClaims = try f.cti_hex.map { h throws(IssuanceError) in try hex(h, "cti_hex") }
        let cwtID = request.cwtID ?? ctiFromClaims ?? SecureRandom.bytes(16)
        let nonce = try f.eat_nonce_hex.map { h throws(IssuanceError) in try hex(h, "eat_nonce_hex") }
        var evidence: [InferenceReceiptEvidence] = []
        for e in f.env_evidence ?? [] {
            let digest = try hash(e.digest_hex, "env_evidence.digest_hex")
            evidence.append(
                try statements { () throws(StatementsError) in
                    try InferenceReceiptEvidence(kind: e.kind, mediaType: e.media_type, digest: digest)
                })
        }
        let attestationDocHash = try f.attestation_doc_hash_hex.map { h throws(IssuanceError) in
            try hash(h, "attestation_doc_hash_hex")
        }
        let measurements = try f.enclave_measurements.map { m throws(IssuanceError) in try Self.measurements(m) }
        let claims = try statements { () throws(StatementsError) in
            var claims = InferenceReceiptClaims(
                issuer: request.issuerKey.name, subject: request.subject, issuedAt: request.issuedAt ?? f.iat ?? request.now,
                cwtID: cwtID, nonce: nonce, modelID: modelID, modelVersion: modelVersion, modelHash: modelHash,
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
            return claims
        }
        return (claims, salts, manifest)
    }

    /// Checks given salts against the fields committed to: one salt for each, and no other field
    /// (specs/receipt-profile.md §Issuing).
    private static func checkGivenSalts(
        _ given: [String: [UInt8]], committed: [String], name: String
    ) throws(IssuanceError) {
        if let unknown = given.keys.sorted().first(where: { !committed.contains($0) }) {
            throw IssuanceError(
                .badSalts, "\(name): unknown field \(unknown); this statement commits to \(committed.sorted().joined(separator: ", "))")
        }
        if let missing = committed.sorted().first(where: { given[$0] == nil }) {
            throw IssuanceError(
                .badSalts, "\(name) has no salt for \(missing); give one for each of \(committed.sorted().joined(separator: ", "))")
        }
    }

    /// The model digest: computed from the model directory, or given in the claims.
    private static func model(
        _ request: IssuanceRequest
    ) throws(IssuanceError) -> (Hash, InferenceReceiptModelHashScheme, ModelManifest?) {
        let f = request.claims
        switch (request.modelDirectory, f.model_hash_hex) {
        case (let directory?, nil):
            guard f.model_hash_scheme == nil else {
                throw IssuanceError(.conflictingInputs, "model_hash_scheme in --claims goes with model_hash_hex, not --model-dir")
            }
            let manifest: ModelManifest
            do {
                manifest = try ModelManifest.hashing(
                    directory: directory, followSymlinks: request.followSymlinks, progress: request.modelHashingProgress)
            } catch {
                throw IssuanceError(.badModel, error.message, underlying: error)
            }
            return (manifest.digest, .receiptlogManifestV1, manifest)
        case (nil, let digest?):
            guard let name = f.model_hash_scheme else {
                throw IssuanceError(.conflictingInputs, "model_hash_hex in --claims needs model_hash_scheme")
            }
            let scheme = try statements { () throws(StatementsError) in try InferenceReceiptModelHashScheme(name: name) }
            return (try hash(digest, "model_hash_hex"), scheme, nil)
        case (_?, _?):
            throw IssuanceError(.conflictingInputs, "give the model digest once: --model-dir or model_hash_hex in --claims, not both")
        case (nil, nil):
            throw IssuanceError(.missingInput, "give the model with --model-dir DIR or model_hash_hex in --claims")
        }
    }

    private static func measurements(_ m: ClaimsFile.Measurements) throws(IssuanceError) -> AIRMeasurements {
        guard let platform = AIRPlatform(rawValue: m.measurement_type) else {
            throw IssuanceError(.badClaim, "enclave_measurements.measurement_type is not nitro-pcr or tdx-mrtd-rtmr")
        }
        let pcr0 = try hex(m.pcr0_hex, "pcr0_hex")
        let pcr1 = try hex(m.pcr1_hex, "pcr1_hex")
        let pcr2 = try hex(m.pcr2_hex, "pcr2_hex")
        let pcr8 = try m.pcr8_hex.map { h throws(IssuanceError) in try hex(h, "pcr8_hex") }
        return try statements { () throws(StatementsError) in
            try AIRMeasurements(platform: platform, pcr0: pcr0, pcr1: pcr1, pcr2: pcr2, pcr8: pcr8)
        }
    }

    private static func hex(_ text: String, _ name: String) throws(IssuanceError) -> [UInt8] {
        guard let bytes = Hex.decode(text) else { throw IssuanceError(.badClaim, "\(name) is not hex") }
        return bytes
    }

    private static func hash(_ text: String, _ name: String) throws(IssuanceError) -> Hash {
        let bytes = try hex(text, name)
        guard bytes.count == 32 else { throw IssuanceError(.badClaim, "\(name) is \(bytes.count) bytes, not 32") }
        return Hash { out in bytes.withUnsafeBytes { out.copyMemory(from: $0.baseAddress!, byteCount: 32) } }
    }

    /// Runs `body`, turning a Statements error into a `BAD_CLAIM` error with its message.
    private static func statements<T>(_ body: () throws(StatementsError) -> T) throws(IssuanceError) -> T {
        do { return try body() } catch { throw IssuanceError(.badClaim, error.message, underlying: error) }
    }
}
