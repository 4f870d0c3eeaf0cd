public import ModelDirectory
public import Notes
public import Statements

/// What to issue a receipt from (specs/receipt-profile.md §Issuing): the issuer key, the
/// subject, the claims, the model, the data committed to and how it is salted, and the evidence
/// referenced. What is not given here may come from ``claims``, as `receiptlog issue` takes it
/// from its `--claims` file.
///
/// Not `Sendable`: ``modelHashingProgress`` is called on the issuing thread.
public struct IssuanceRequest {
    /// Data to read: a file, or bytes already in memory.
    public enum Input: Sendable {
        /// The file at this path (`-` is standard input).
        case file(String)
        /// These bytes; `name` names them in messages.
        case bytes([UInt8], name: String)
    }

    /// The salts of the commitments.
    public enum Salts: Sendable {
        /// Fresh 32-byte salts from the system's secure generator.
        case fresh
        /// These salts, field name → salt: one for each field committed to, and no other.
        case given([String: [UInt8]])
        /// The salts in this file (``SaltsFile/given(from:)``), as `receiptlog issue --salts`.
        case file(String)
    }

    /// The form of the receipt written.
    public enum Format: Sendable {
        /// A SCITT signed statement whose payload is an inference receipt.
        case signedStatement
        /// An AIR v1 receipt, which carries no parameters commitment.
        case air
    }

    /// The issuer's key; its name is the issuer (`iss`). Must be an Ed25519 (type 0x01) key.
    public var issuerKey: SignerKey
    /// The subject (`sub`) of the statement.
    public var subject: String
    /// The claims not given by the other properties.
    public var claims: ClaimsFile
    /// The directory that relative file names in ``claims`` are relative to.
    public var claimsDirectory: String
    /// A model directory to compute the model digest from, instead of `model_hash_hex` in
    /// ``claims``.
    public var modelDirectory: String?
    /// Whether to follow symbolic links in ``modelDirectory``.
    public var followSymlinks: Bool
    /// Called after every chunk hashed from ``modelDirectory``.
    public var modelHashingProgress: ((ModelManifest.Progress) -> Void)?
    /// The model's name, instead of `model_id` in ``claims``.
    public var modelID: String?
    /// The model's version, instead of `model_version` in ``claims``.
    public var modelVersion: String?
    /// The request to commit to, instead of `request_file` in ``claims``.
    public var request: Input?
    /// The response to commit to, instead of `response_file` in ``claims``.
    public var response: Input?
    /// The parameters to commit to, instead of `parameters_file` in ``claims``; optional.
    public var parameters: Input?
    /// The salts of the commitments.
    public var salts: Salts
    /// Evidence or collateral statements to reference in `env_evidence`, after those of ``claims``.
    public var evidenceStatements: [Input]
    /// How the key is bound into the evidence (`key_binding`); overrides ``claims``.
    public var keyBinding: String?
    /// `iat`, Unix seconds; overrides ``claims``, which default to ``now``.
    public var issuedAt: UInt64?
    /// `cti`; overrides ``claims``, which default to 16 fresh random bytes.
    public var cwtID: [UInt8]?
    /// The time of issuing, Unix seconds: the `iat` when none is given.
    public var now: UInt64
    /// The form of the receipt.
    public var format: Format

    /// Creates a request; every input not named here is taken from `claims` or left out.
    public init(
        issuerKey: SignerKey, subject: String, claims: ClaimsFile = ClaimsFile(), claimsDirectory: String = ".",
        now: UInt64, format: Format = .signedStatement
    ) {
        self.issuerKey = issuerKey
        self.subject = subject
        self.claims = claims
        self.claimsDirectory = claimsDirectory
        self.followSymlinks = false
        self.salts = .fresh
        self.evidenceStatements = []
        self.now = now
        self.format = format
    }
}
