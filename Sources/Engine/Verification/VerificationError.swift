public import CodedError

/// The error thrown by Verification. Errors compare equal when their codes are equal.
///
/// The codes also name the failures a ``VerificationReport`` gives for its own checks (the
/// receipt profiles' codes, such as AIR v1's `TIMESTAMP_STALE`, come from Statements).
public struct VerificationError: CodedError {
    /// What went wrong, as a stable code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        init(_ name: String) { self.name = name }
        public var description: String { name }

        // Input formats (specs/verify.md).
        /// A receipt bundle is not in the `receiptlog.dev/receipt-bundle@v1` format.
        public static let badBundle = Code("BAD_BUNDLE")
        /// A trust policy file breaks a rule of specs/verify.md, "Trust policy".
        public static let badPolicy = Code("BAD_POLICY")

        // Log inclusion.
        /// No signature on the checkpoint is from the policy's log key, or one from it fails.
        public static let checkpointUnverified = Code("CHECKPOINT_UNVERIFIED")
        /// The checkpoint's origin is not the policy's origin.
        public static let originMismatch = Code("ORIGIN_MISMATCH")
        /// The inclusion proof does not lead from the statement at its index to the checkpoint's
        /// root hash.
        public static let inclusionFailed = Code("INCLUSION_FAILED")

        // Witness quorum.
        /// Fewer distinct policy witnesses cosigned the checkpoint than the quorum requires.
        public static let quorumNotMet = Code("QUORUM_NOT_MET")
        /// The checkpoint carries no cosignature from a policy witness.
        public static let noCosignatures = Code("NO_COSIGNATURES")

        // COSE receipt.
        /// The bundle's COSE receipt is not the log's receipt for this statement.
        public static let coseReceiptInvalid = Code("COSE_RECEIPT_INVALID")
        /// The bundle carries no COSE receipt.
        public static let coseReceiptMissing = Code("COSE_RECEIPT_MISSING")

        // Claims.
        /// The statement is neither an inference receipt nor an AIR v1 receipt.
        public static let unknownReceiptProfile = Code("UNKNOWN_RECEIPT_PROFILE")
        /// The receipt does not carry the environment evidence the policy requires.
        public static let evidenceMissing = Code("EVIDENCE_MISSING")
        /// The receipt's key-binding method is not one this verifier knows.
        public static let unknownKeyBinding = Code("UNKNOWN_KEY_BINDING")
        /// The receipt's container image digest is not the one the policy expects, or is absent.
        public static let imageDigestMismatch = Code("IMAGE_DIGEST_MISMATCH")
        /// A receipt references evidence or collateral that the bundle does not carry.
        public static let evidenceNotInBundle = Code("EVIDENCE_NOT_IN_BUNDLE")
        /// An evidence or collateral entry of the bundle is not in the log or not a valid
        /// statement of a policy issuer.
        public static let badEvidenceEntry = Code("BAD_EVIDENCE_ENTRY")
        /// No witnessed checkpoint of the bundle bounds when the evidence was logged, and no
        /// appraisal instant was given.
        public static let evidenceNotWitnessed = Code("EVIDENCE_NOT_WITNESSED")
        /// The evidence's appraisal failed a step (specs/evidence.md).
        public static let appraisalFailed = Code("APPRAISAL_FAILED")
        /// The evidence's appraisal could not run a required step.
        public static let appraisalNotChecked = Code("APPRAISAL_NOT_CHECKED")
        /// The receipt references evidence of a kind this verifier does not appraise.
        public static let evidenceNotAppraised = Code("EVIDENCE_NOT_APPRAISED")
        /// The receipt claims to have been issued after witnesses saw it in the log.
        public static let issuedAfterWitnessed = Code("ISSUED_AFTER_WITNESSED")
        /// The model directory could not be hashed.
        public static let modelDirectoryUnreadable = Code("MODEL_DIRECTORY_UNREADABLE")
        /// The receipt's model digest cannot be recomputed from a directory under its scheme.
        public static let modelSchemeNotRecomputable = Code("MODEL_SCHEME_NOT_RECOMPUTABLE")
        /// A layer was not checked because the statement's signature did not verify.
        public static let unauthenticatedClaims = Code("UNAUTHENTICATED_CLAIMS")
        /// A check had no input: the policy sets no expectation and nothing was supplied.
        public static let notRequested = Code("NOT_REQUESTED")
        /// The receipt has no commitment to a field the verifier was asked to open.
        public static let noSuchCommitment = Code("NO_SUCH_COMMITMENT")
    }

    /// The error's code.
    public let code: Code
    /// A message that says what is wrong, for people.
    public let message: String
    /// The error this one was made from, if any.
    public let underlying: (any Error)?
    /// Where the error was thrown.
    public let file: String
    /// The line where the error was thrown.
    public let line: UInt

    /// Creates an error with a code, a message and the source location.
    public init(_ code: Code, _ message: String, underlying: (any Error)? = nil, file: String = #fileID, line: UInt = #line) {
        self.code = code
        self.message = message
        self.underlying = underlying
        self.file = file
        self.line = line
    }
}
