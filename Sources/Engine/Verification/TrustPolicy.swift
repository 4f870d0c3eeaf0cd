// specs/verify.md, "Trust policy": what a relying party trusts (the log's key, the witnesses and
// their quorum, the issuers' keys) and what it expects of a receipt (model, image, platform,
// nonce, age, environment evidence).
public import Merkle
public import Notes
public import Statements
public import Appraisal

/// A relying party's trust policy for verifying receipt bundles.
///
/// The pinned keys are required: the log's key and at least one issuer key. Every expectation is
/// optional; one that is set makes its claim layer required (``VerificationReport``). Immutable
/// and safe to share between tasks.
public struct TrustPolicy: Hashable, Sendable {
    /// The log's Ed25519 note key (type 0x01): it signs checkpoints and COSE receipts.
    public let logKey: VerifierKey
    /// The checkpoint origin the log must use; by default the log key's name
    /// (c2sp.org/tlog-checkpoint: the key name of the log's signature is its origin).
    public let origin: String
    /// The witnesses and their quorum (1…n), or nil when the policy names no witness. Counted as
    /// the log counts its witnesses (Notes' `WitnessPolicy`, c2sp.org/tlog-cosignature).
    public let witnessPolicy: WitnessPolicy?
    /// The issuers whose statements are accepted, with their Ed25519 keys.
    public let issuers: IssuerList
    /// The expectations a receipt's claims must meet.
    public let expectations: Expectations

    /// What a receipt's claims must say. A nil (or empty) expectation is not checked.
    public struct Expectations: Hashable, Sendable {
        /// The `model_hash` (model identity).
        public var modelHash: Hash?
        /// The `model_id` (model identity).
        public var modelID: String?
        /// The container image digest (workload identity; inference receipts only).
        public var imageDigest: InferenceReceiptDigest?
        /// The TEE platform of the `enclave_measurements` (environment).
        public var platform: AIRPlatform?
        /// The `eat_nonce` (workload identity).
        public var nonce: [UInt8]?
        /// The largest age of `iat`, in seconds, measured from the verifier's clock (workload).
        public var maximumAge: UInt64?
        /// How far `iat` may lie in the future, in seconds, when ``maximumAge`` is checked, and
        /// after the witnesses' latest cosignature.
        public var clockSkew: UInt64
        /// The kinds of environment evidence the receipt must reference (environment), in order,
        /// without repeats; each one of ``TrustPolicy/knownEvidenceKinds``.
        public var evidenceKinds: [String]
        /// How referenced hardware evidence is appraised (the `evidence-*` lines, specs/evidence.md §Policy).
        public var appraisal: AppraisalPolicy = .default

        /// Creates expectations; with no arguments nothing is expected.
        public init(
            modelHash: Hash? = nil, modelID: String? = nil, imageDigest: InferenceReceiptDigest? = nil,
            platform: AIRPlatform? = nil, nonce: [UInt8]? = nil, maximumAge: UInt64? = nil, clockSkew: UInt64 = 0,
            evidenceKinds: [String] = []
        ) {
            self.modelHash = modelHash
            self.modelID = modelID
            self.imageDigest = imageDigest
            self.platform = platform
            self.nonce = nonce
            self.maximumAge = maximumAge
            self.clockSkew = clockSkew
            self.evidenceKinds = evidenceKinds
        }

        /// Whether the environment layer is required: a platform or evidence is expected.
        public var requiresEnvironment: Bool { platform != nil || !evidenceKinds.isEmpty }
        /// Whether the workload-identity layer is required: a nonce, age or image is expected.
        public var requiresWorkload: Bool { nonce != nil || maximumAge != nil || imageDigest != nil }
        /// Whether the model-identity layer is required by the policy: a model hash or ID is expected.
        public var requiresModel: Bool { modelHash != nil || modelID != nil }
    }

    /// The environment evidence kinds a policy may require (specs/receipt-profile.md, §Claims).
    public static let knownEvidenceKinds = [
        "sev-snp-report", "tdx-quote", "nvidia-gpu-evidence", "nitro-attestation-document", "tpm-quote",
    ]
    /// The key-binding methods this verifier knows (specs/receipt-profile.md, §Claims; specs/evidence.md §Key binding).
    public static let knownKeyBindings = KeyBindingMethod.allCases.map(\.rawValue)

    /// Creates a policy.
    ///
    /// Throws ``VerificationError/Code/badPolicy`` if `logKey` is not an Ed25519 note key (type
    /// 0x01), `witnessPolicy` has a quorum of 0, `origin` is empty or holds a control character,
    /// `issuers` is empty, the nonce is
    /// not 8…64 bytes, the model ID is not 1…1024 bytes, or an evidence kind is unknown or
    /// repeated.
    public init(
        logKey: VerifierKey, origin: String? = nil, witnessPolicy: WitnessPolicy? = nil, issuers: IssuerList,
        expectations: Expectations = Expectations()
    ) throws(VerificationError) {
        guard logKey.type == .ed25519 else {
            throw VerificationError(.badPolicy, "the log key \(logKey.name) is not an Ed25519 note key (type 0x01)")
        }
        if let witnessPolicy, witnessPolicy.threshold < 1 {
            throw VerificationError(.badPolicy, Self.quorumZero(witnesses: witnessPolicy.witnesses.count))
        }
        let origin = origin ?? logKey.name
        guard !origin.isEmpty, !origin.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }),
            origin.utf8.count <= Self.maxOriginCount
        else {
            throw VerificationError(.badPolicy, "an origin is 1…\(Self.maxOriginCount) bytes without control characters")
        }
        guard !issuers.keys.isEmpty else {
            throw VerificationError(.badPolicy, "a policy accepts at least one issuer key")
        }
        if let nonce = expectations.nonce, !(8...64).contains(nonce.count) {
            throw VerificationError(.badPolicy, "a nonce is 8…64 bytes, not \(nonce.count)")
        }
        if let modelID = expectations.modelID, !(1...1024).contains(modelID.utf8.count) {
            throw VerificationError(.badPolicy, "a model ID is 1…1024 bytes")
        }
        var kinds = Set<String>()
        for kind in expectations.evidenceKinds {
            guard Self.knownEvidenceKinds.contains(kind) else {
                throw VerificationError(
                    .badPolicy, "unknown evidence kind \"\(kind.prefix(64))\" (known: \(Self.knownEvidenceKinds.joined(separator: ", ")))")
            }
            guard kinds.insert(kind).inserted else {
                throw VerificationError(.badPolicy, "evidence kind \(kind) is listed twice")
            }
        }
        self.logKey = logKey
        self.origin = origin
        self.witnessPolicy = witnessPolicy
        self.issuers = issuers
        self.expectations = expectations
    }

    /// Why a quorum of 0 is refused: it would accept a checkpoint that no witness cosigned.
    static func quorumZero(witnesses count: Int) -> String {
        "quorum 0 would accept a checkpoint that no witness cosigned; a quorum is 1…\(count) of the \(count) witness(es) "
            + "(to require no witnesses, name none: remove the witness and quorum lines)"
    }

    /// The longest origin, in bytes.
    public static let maxOriginCount = 1024

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.logKey == rhs.logKey && lhs.origin == rhs.origin && lhs.witnessPolicy == rhs.witnessPolicy
            && lhs.issuers.keys == rhs.issuers.keys && lhs.expectations == rhs.expectations
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(logKey)
        hasher.combine(origin)
        hasher.combine(issuers.keys)
    }
}
