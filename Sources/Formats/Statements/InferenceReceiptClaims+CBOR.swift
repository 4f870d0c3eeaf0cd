// specs/receipt-profile.md §Encoding: the claims set is a CBOR map in deterministic encoding
// (RFC 8949 §4.2.1). Decoding is strict: bounded input, deterministic encoding required, the
// map closed (unknown keys refused), every claim typed and validated, and encode(decode(x)) == x.
public import CBOR
import Merkle

extension InferenceReceiptClaims {
    /// The largest encoded claims set accepted, in bytes: a statement (the leaf) is at most
    /// 65,535 bytes (DESIGN.md §3).
    public static let maxEncodedCount = 65_535

    /// The claims map. Its ``CBOR/encoded()`` form is deterministic. Does not validate; see
    /// ``encoded()``.
    public var cbor: CBOR {
        var map: [CBOR: CBOR] = [
            Key.issuer: .text(issuer), Key.subject: .text(subject), Key.issuedAt: .unsigned(issuedAt),
            Key.cwtID: .bytes(cwtID), Key.profile: .text(Self.profile), Key.modelID: .text(modelID),
            Key.modelVersion: .text(modelVersion), Key.modelHash: .bytes(modelHash.bytes),
            Key.modelHashScheme: .text(modelHashScheme.rawValue),
            // A repeated field (which validate() refuses) keeps its first commitment here.
            Key.commitments: .map(Dictionary(commitments.map {
                (CBOR.text($0.field.name), CBOR.array([.text($0.scheme.name), .bytes($0.value)]))
            }, uniquingKeysWith: { first, _ in first })),
        ]
        if let nonce { map[Key.nonce] = .bytes(nonce) }
        if !evidence.isEmpty {
            map[Key.evidence] = .array(evidence.map {
                .map([.text("kind"): .text($0.kind), .text("media_type"): .text($0.mediaType), .text("digest"): .bytes($0.digest.bytes)])
            })
        }
        if let keyBinding { map[Key.keyBinding] = .text(keyBinding) }
        if let attestationDocHash { map[Key.attestationDocHash] = .bytes(attestationDocHash.bytes) }
        if let measurements { map[Key.measurements] = measurements.cbor }
        if let securityMode { map[Key.securityMode] = .text(securityMode) }
        if let imageDigest { map[Key.imageDigest] = .text(imageDigest.value) }
        if let configDigest { map[Key.configDigest] = .text(configDigest.value) }
        if let project { map[Key.project] = .text(project) }
        if let operatorName { map[Key.operatorName] = .text(operatorName) }
        if let freshness { map[Key.freshness] = .array([.unsigned(freshness.notBefore), .unsigned(freshness.notAfter)]) }
        if let policyVersion { map[Key.policyVersion] = .text(policyVersion) }
        if let sequenceNumber { map[Key.sequenceNumber] = .unsigned(sequenceNumber) }
        if let executionTimeMilliseconds { map[Key.executionTime] = .unsigned(executionTimeMilliseconds) }
        if let memoryPeakMegabytes { map[Key.memoryPeak] = .unsigned(memoryPeakMegabytes) }
        return .map(map)
    }

    /// Validates the claims and returns their deterministic CBOR encoding.
    ///
    /// Throws what ``validate()`` throws, and `badReceiptClaims` if the encoding would exceed
    /// ``maxEncodedCount`` bytes.
    public func encoded() throws(StatementsError) -> [UInt8] {
        try validate()
        let bytes = cbor.encoded()
        guard bytes.count <= Self.maxEncodedCount else {
            throw StatementsError(.badReceiptClaims, "the claims set is \(bytes.count) bytes; at most \(Self.maxEncodedCount)")
        }
        return bytes
    }

    /// Decodes and validates an encoded claims set.
    ///
    /// Throws `badReceiptClaims` for input over ``maxEncodedCount`` bytes, input that is not CBOR,
    /// a missing, unknown or ill-typed claim, or a broken rule of ``validate()``;
    /// `receiptNotDeterministic` unless the input is deterministically encoded;
    /// `wrongReceiptProfile` when `eat_profile` is not ``profile``; `unknownModelHashScheme` and
    /// `unknownCommitmentScheme` for schemes this implementation does not know; and the errors of
    /// ``AIRMeasurements`` for a bad `enclave_measurements`.
    public init(encoded bytes: some Collection<UInt8>) throws(StatementsError) {
        guard bytes.count <= Self.maxEncodedCount else {
            throw StatementsError(.badReceiptClaims, "the claims set is \(bytes.count) bytes; at most \(Self.maxEncodedCount)")
        }
        let value: CBOR
        do {
            value = try CBOR.decode(bytes, requireDeterministic: true)
        } catch where error.code == .nonShortestEncoding || error.code == .unsortedMapKeys {
            throw StatementsError(.receiptNotDeterministic, "the claims set is not deterministic CBOR: \(error.message)")
        } catch {
            throw StatementsError(.badReceiptClaims, "the claims set is not valid CBOR: \(error.message)")
        }
        try self.init(cbor: value)
        // RFC 8949 §4.2.1 leaves no choice but floats, which no claim admits; check all the same.
        guard cbor.encoded().elementsEqual(bytes) else {
            throw StatementsError(.receiptNotDeterministic, "the claims set does not re-encode to the same bytes")
        }
    }

    /// Reads and validates a decoded claims map (see ``init(encoded:)`` for the errors).
    public init(cbor value: CBOR) throws(StatementsError) {
        guard let map = value.map else { throw StatementsError(.badReceiptClaims, "the claims set is not a map") }
        let reader = ClaimReader(map: map)
        // The profile first: it says which claims may follow.
        guard try reader.text(Key.profile, "eat_profile (265)") == Self.profile else {
            throw StatementsError(.wrongReceiptProfile, "eat_profile (265) is not \(Self.profile)")
        }
        let defined = Key.all
        if let unknown = map.keys.first(where: { !defined.contains($0) }) {
            let key = unknown.int64.map(String.init) ?? unknown.textString.map { "\"\($0.prefix(64))\"" } ?? "a non-integer"
            throw StatementsError(.badReceiptClaims, "claim \(key) is not defined by the inference-receipt profile")
        }
        self.init(
            issuer: try reader.text(Key.issuer, "iss (1)"), subject: try reader.text(Key.subject, "sub (2)"),
            issuedAt: try reader.unsigned(Key.issuedAt, "iat (6)"), cwtID: try reader.bytes(Key.cwtID, "cti (7)"),
            modelID: try reader.text(Key.modelID, "model_id (-65537)"),
            modelVersion: try reader.text(Key.modelVersion, "model_version (-65538)"),
            modelHash: try reader.hash(Key.modelHash, "model_hash (-65539)"),
            modelHashScheme: try InferenceReceiptModelHashScheme(
                name: try reader.text(Key.modelHashScheme, "model_hash_scheme (-65549)")),
            commitments: try Self.commitments(try reader.required(Key.commitments, "commitments (-65607)")))
        nonce = try reader.optional(Key.nonce) { r throws(StatementsError) in try r.bytes(Key.nonce, "eat_nonce (10)") }
        evidence = try reader.optional(Key.evidence) { r throws(StatementsError) in
            try Self.evidence(try r.required(Key.evidence, "env_evidence (-65600)"))
        } ?? []
        keyBinding = try reader.optional(Key.keyBinding) { r throws(StatementsError) in try r.text(Key.keyBinding, "key_binding (-65601)") }
        attestationDocHash = try reader.optional(Key.attestationDocHash) { r throws(StatementsError) in
            try r.hash(Key.attestationDocHash, "attestation_doc_hash (-65542)")
        }
        measurements = try reader.optional(Key.measurements) { r throws(StatementsError) in
            try AIRMeasurements(cbor: try r.required(Key.measurements, "enclave_measurements (-65543)"))
        }
        securityMode = try reader.optional(Key.securityMode) { r throws(StatementsError) in try r.text(Key.securityMode, "security_mode (-65548)") }
        imageDigest = try reader.optional(Key.imageDigest) { r throws(StatementsError) in
            try InferenceReceiptDigest(try r.text(Key.imageDigest, "image_digest (-65602)"))
        }
        configDigest = try reader.optional(Key.configDigest) { r throws(StatementsError) in
            try InferenceReceiptDigest(try r.text(Key.configDigest, "config_digest (-65603)"))
        }
        project = try reader.optional(Key.project) { r throws(StatementsError) in try r.text(Key.project, "project (-65604)") }
        operatorName = try reader.optional(Key.operatorName) { r throws(StatementsError) in try r.text(Key.operatorName, "operator (-65605)") }
        freshness = try reader.optional(Key.freshness) { r throws(StatementsError) in
            try Self.freshness(try r.required(Key.freshness, "freshness (-65606)"))
        }
        policyVersion = try reader.optional(Key.policyVersion) { r throws(StatementsError) in
            try r.text(Key.policyVersion, "policy_version (-65544)")
        }
        sequenceNumber = try reader.optional(Key.sequenceNumber) { r throws(StatementsError) in
            try r.unsigned(Key.sequenceNumber, "sequence_number (-65545)")
        }
        executionTimeMilliseconds = try reader.optional(Key.executionTime) { r throws(StatementsError) in
            try r.unsigned(Key.executionTime, "execution_time_ms (-65546)")
        }
        memoryPeakMegabytes = try reader.optional(Key.memoryPeak) { r throws(StatementsError) in
            try r.unsigned(Key.memoryPeak, "memory_peak_mb (-65547)")
        }
        try validate()
    }

    /// `{ + field => [scheme, value] }`.
    private static func commitments(_ value: CBOR) throws(StatementsError) -> [Commitment] {
        guard let map = value.map, !map.isEmpty, map.count <= maxCommitmentCount else {
            throw StatementsError(.badReceiptClaims, "commitments (-65607) is not a map of 1…\(maxCommitmentCount) commitments")
        }
        var out = [Commitment]()
        for (key, entry) in map {
            guard let name = key.textString else {
                throw StatementsError(.badReceiptClaims, "commitments (-65607) has a key that is not a field name")
            }
            let field = try CommitmentField(name)
            guard let pair = entry.array, pair.count == 2, let schemeName = pair[0].textString, let mac = pair[1].byteString else {
                throw StatementsError(.badReceiptClaims, "the \(field) commitment is not [scheme, value]")
            }
            out.append(try Commitment(scheme: try CommitmentScheme(name: schemeName), field: field, value: mac))
        }
        return out.sorted { $0.field < $1.field }
    }

    /// `[ + { "kind", "media_type", "digest" } ]`.
    private static func evidence(_ value: CBOR) throws(StatementsError) -> [InferenceReceiptEvidence] {
        guard let items = value.array, !items.isEmpty else {
            throw StatementsError(.badReceiptClaims, "env_evidence (-65600) is not a non-empty array")
        }
        var out = [InferenceReceiptEvidence]()
        for item in items {
            guard let map = item.map, map.count == 3, let kind = map[.text("kind")]?.textString,
                let mediaType = map[.text("media_type")]?.textString, let digest = map[.text("digest")]?.byteString
            else {
                throw StatementsError(.badReceiptClaims, "an env_evidence (-65600) entry is not {kind, media_type, digest}")
            }
            let hash: Hash
            do { hash = try Hash(bytes: digest) } catch {
                throw StatementsError(.badReceiptClaims, "an env_evidence (-65600) digest is \(digest.count) bytes, not 32")
            }
            out.append(try InferenceReceiptEvidence(kind: kind, mediaType: mediaType, digest: hash))
        }
        return out
    }

    /// `[not_before, not_after]`.
    private static func freshness(_ value: CBOR) throws(StatementsError) -> InferenceReceiptFreshness {
        guard let pair = value.array, pair.count == 2, case .unsigned(let notBefore) = pair[0],
            case .unsigned(let notAfter) = pair[1]
        else {
            throw StatementsError(.badReceiptClaims, "freshness (-65606) is not [not_before, not_after]")
        }
        return try InferenceReceiptFreshness(notBefore: notBefore, notAfter: notAfter)
    }
}

/// Typed access to the claims map, with errors that name the claim.
private struct ClaimReader {
    let map: [CBOR: CBOR]

    func required(_ key: CBOR, _ name: String) throws(StatementsError) -> CBOR {
        guard let value = map[key] else { throw StatementsError(.badReceiptClaims, "the claims set has no \(name)") }
        return value
    }

    func optional<T>(_ key: CBOR, _ read: (Self) throws(StatementsError) -> T) throws(StatementsError) -> T? {
        map[key] == nil ? nil : try read(self)
    }

    func text(_ key: CBOR, _ name: String) throws(StatementsError) -> String {
        guard let s = try required(key, name).textString else { throw StatementsError(.badReceiptClaims, "\(name) is not a text string") }
        return s
    }

    func bytes(_ key: CBOR, _ name: String) throws(StatementsError) -> [UInt8] {
        guard let b = try required(key, name).byteString else { throw StatementsError(.badReceiptClaims, "\(name) is not a byte string") }
        return b
    }

    func unsigned(_ key: CBOR, _ name: String) throws(StatementsError) -> UInt64 {
        guard case .unsigned(let n) = try required(key, name) else {
            throw StatementsError(.badReceiptClaims, "\(name) is not an unsigned integer")
        }
        return n
    }

    func hash(_ key: CBOR, _ name: String) throws(StatementsError) -> Hash {
        let b = try bytes(key, name)
        do { return try Hash(bytes: b) } catch { throw StatementsError(.badReceiptClaims, "\(name) is \(b.count) bytes, not 32") }
    }
}
