// specs/receipt-profile.md: the inference-receipt profile, a CWT claims set (RFC 8392) with an
// EAT profile (RFC 9711 §4.3.2). It carries what AIR v1 carries (with salted commitments in place
// of AIR's bare request and response hashes) plus the four claim layers of DESIGN.md §2:
// environment evidence, workload identity, model identity and the inference event.
public import Merkle

/// The claims of an inference receipt under the profile
/// `https://receiptlog.dev/profile/inference-receipt/v1`.
///
/// The memberwise initializer accepts any values; ``validate()`` checks every rule of
/// specs/receipt-profile.md, and both ``encoded()`` and ``init(encoded:)`` run it, so no invalid
/// claims set is ever encoded or returned by the decoder.
public struct InferenceReceiptClaims: Hashable, Sendable {
    /// The `eat_profile` of this profile (claim 265).
    public static let profile = "https://receiptlog.dev/profile/inference-receipt/v1"

    // CWT / EAT claims.
    /// `iss` (1): the issuer, the name of its signing key; 1…8192 characters.
    public var issuer: String
    /// `sub` (2): what the receipt is about, for example a deployment or session; 1…8192 characters.
    public var subject: String
    /// `iat` (6): when the inference completed, in Unix seconds; never zero.
    public var issuedAt: UInt64
    /// `cti` (7): a unique 16-byte ID for this receipt.
    public var cwtID: [UInt8]
    /// `eat_nonce` (10): the relying party's challenge, 8…64 bytes, if any.
    public var nonce: [UInt8]?

    // Model identity (DESIGN.md §2, layer 3).
    /// `model_id` (-65537): the operator's name for the model.
    public var modelID: String
    /// `model_version` (-65538): the operator's version of the model.
    public var modelVersion: String
    /// `model_hash` (-65539): the model digest; never all zeros.
    public var modelHash: Hash
    /// `model_hash_scheme` (-65549): how ``modelHash`` was computed.
    public var modelHashScheme: InferenceReceiptModelHashScheme

    // Environment (DESIGN.md §2, layer 1).
    /// `env_evidence` (-65600): references to the hardware evidence; empty when there is none.
    public var evidence: [InferenceReceiptEvidence]
    /// `key_binding` (-65601): how the signing key is bound into the evidence, a token such as
    /// `report-data-sha256-pubkey`; present exactly when ``evidence`` is not empty.
    public var keyBinding: String?
    /// `attestation_doc_hash` (-65542, as AIR v1): SHA-256 of the platform attestation document.
    public var attestationDocHash: Hash?
    /// `enclave_measurements` (-65543, as AIR v1).
    public var measurements: AIRMeasurements?
    /// `security_mode` (-65548, as AIR v1).
    public var securityMode: String?

    // Workload identity (DESIGN.md §2, layer 2); the issuer is `iss`, the nonce `eat_nonce`.
    /// `image_digest` (-65602): the container image digest.
    public var imageDigest: InferenceReceiptDigest?
    /// `config_digest` (-65603): the digest of the configuration or policy the workload ran with.
    public var configDigest: InferenceReceiptDigest?
    /// `project` (-65604): the project or tenant.
    public var project: String?
    /// `operator` (-65605): who operates the workload.
    public var operatorName: String?
    /// `freshness` (-65606): the window in which the inference ran; contains ``issuedAt``.
    public var freshness: InferenceReceiptFreshness?
    /// `policy_version` (-65544, as AIR v1).
    public var policyVersion: String?

    // The inference event (DESIGN.md §2, layer 4).
    /// `commitments` (-65607): salted commitments, at most one per field; `request` and
    /// `response` are required.
    public var commitments: [Commitment]
    /// `sequence_number` (-65545, as AIR v1).
    public var sequenceNumber: UInt64?
    /// `execution_time_ms` (-65546, as AIR v1).
    public var executionTimeMilliseconds: UInt64?
    /// `memory_peak_mb` (-65547, as AIR v1).
    public var memoryPeakMegabytes: UInt64?

    /// Creates claims from their values, unchecked; see ``validate()``.
    public init(
        issuer: String, subject: String, issuedAt: UInt64, cwtID: [UInt8], nonce: [UInt8]? = nil,
        modelID: String, modelVersion: String, modelHash: Hash, modelHashScheme: InferenceReceiptModelHashScheme,
        evidence: [InferenceReceiptEvidence] = [], keyBinding: String? = nil, attestationDocHash: Hash? = nil,
        measurements: AIRMeasurements? = nil, securityMode: String? = nil,
        imageDigest: InferenceReceiptDigest? = nil, configDigest: InferenceReceiptDigest? = nil,
        project: String? = nil, operatorName: String? = nil, freshness: InferenceReceiptFreshness? = nil,
        policyVersion: String? = nil, commitments: [Commitment], sequenceNumber: UInt64? = nil,
        executionTimeMilliseconds: UInt64? = nil, memoryPeakMegabytes: UInt64? = nil
    ) {
        self.issuer = issuer
        self.subject = subject
        self.issuedAt = issuedAt
        self.cwtID = cwtID
        self.nonce = nonce
        self.modelID = modelID
        self.modelVersion = modelVersion
        self.modelHash = modelHash
        self.modelHashScheme = modelHashScheme
        self.evidence = evidence
        self.keyBinding = keyBinding
        self.attestationDocHash = attestationDocHash
        self.measurements = measurements
        self.securityMode = securityMode
        self.imageDigest = imageDigest
        self.configDigest = configDigest
        self.project = project
        self.operatorName = operatorName
        self.freshness = freshness
        self.policyVersion = policyVersion
        self.commitments = commitments
        self.sequenceNumber = sequenceNumber
        self.executionTimeMilliseconds = executionTimeMilliseconds
        self.memoryPeakMegabytes = memoryPeakMegabytes
    }

    /// The commitment for `field`, if the claims hold one.
    public func commitment(for field: CommitmentField) -> Commitment? {
        commitments.first { $0.field == field }
    }
}
