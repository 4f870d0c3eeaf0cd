// Error codes for commitments, model manifests and the inference-receipt profile
// (specs/receipt-profile.md).

extension StatementsError.Code {
    /// A commitment names a scheme this implementation does not know (fail closed).
    public static let unknownCommitmentScheme = Self("unknownCommitmentScheme")
    /// A commitment field name is empty, too long or has a character outside `[a-z0-9_.-]`.
    public static let badCommitmentField = Self("badCommitmentField")
    /// A commitment value is not 32 bytes.
    public static let badCommitmentLength = Self("badCommitmentLength")
    /// A commitment salt is not 32 bytes.
    public static let badSaltLength = Self("badSaltLength")
    /// A commitment was opened for a field other than the one it commits to.
    public static let wrongCommitmentField = Self("wrongCommitmentField")
    /// The disclosed bytes and salt do not open the commitment.
    public static let commitmentMismatch = Self("commitmentMismatch")

    /// A model directory cannot be read (missing, not a directory, permission, I/O error).
    public static let modelDirectoryUnreadable = Self("modelDirectoryUnreadable")
    /// A model directory holds a symbolic link and following links was not asked for.
    public static let modelSymlinkRefused = Self("modelSymlinkRefused")
    /// A model directory holds something that is neither a regular file nor a directory.
    public static let modelSpecialFileRefused = Self("modelSpecialFileRefused")
    /// A path in a model directory cannot be written in a manifest (not UTF-8, control
    /// character or backslash, too long).
    public static let badModelPath = Self("badModelPath")
    /// A file changed size while it was being hashed.
    public static let modelChangedDuringHashing = Self("modelChangedDuringHashing")
    /// A followed symbolic link leads back to a directory that contains it.
    public static let modelSymlinkLoop = Self("modelSymlinkLoop")
    /// A model directory holds no regular file.
    public static let emptyModel = Self("emptyModel")
    /// Canonical manifest text is malformed, unsorted, or has duplicate paths.
    public static let badManifest = Self("badManifest")

    /// An inference-receipt claims set is malformed: a missing, unknown or ill-typed claim.
    public static let badReceiptClaims = Self("badReceiptClaims")
    /// The `eat_profile` claim is not the inference-receipt profile URI.
    public static let wrongReceiptProfile = Self("wrongReceiptProfile")
    /// The claims set is not deterministically encoded CBOR (RFC 8949 §4.2).
    public static let receiptNotDeterministic = Self("receiptNotDeterministic")
    /// A model hashing scheme name is not one this implementation knows (fail closed).
    public static let unknownModelHashScheme = Self("unknownModelHashScheme")
}
