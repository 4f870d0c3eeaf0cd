public import CodedError

/// The error thrown by Notes. Errors compare equal when their codes are equal.
public struct NotesError: CodedError {
    /// What went wrong, as a stable code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        init(_ name: String) { self.name = name }
        public var description: String { name }

        /// Input is not canonical standard base64 with padding (RFC 4648 §4).
        public static let badBase64 = Code("badBase64")
        /// A key name is empty, too long, or holds a space, a plus or a control character.
        public static let badKeyName = Code("badKeyName")
        /// A verifier or private key string is not well formed.
        public static let malformedKey = Code("malformedKey")
        /// A key's type byte is not one this module implements.
        public static let unknownKeyType = Code("unknownKeyType")
        /// A key's ID does not match the ID computed from its name, type and public key.
        public static let keyIDMismatch = Code("keyIDMismatch")
        /// A key was used for the wrong purpose (for example a note key to cosign).
        public static let wrongKeyType = Code("wrongKeyType")
        /// Two verifier keys given together share a name and key ID.
        public static let ambiguousKey = Code("ambiguousKey")
        /// A note is longer than the limit.
        public static let noteTooLarge = Code("noteTooLarge")
        /// A note is not valid UTF-8, holds a control character, or lacks the signature block.
        public static let malformedNote = Code("malformedNote")
        /// A note text is empty or does not end in a newline, or holds a forbidden character.
        public static let malformedText = Code("malformedText")
        /// A signature line is not `— <name> <base64>` with at least 5 signature bytes.
        public static let malformedSignature = Code("malformedSignature")
        /// A note carries more signatures than the limit.
        public static let tooManySignatures = Code("tooManySignatures")
        /// A signature from a known key failed to verify.
        public static let badSignature = Code("badSignature")
        /// No signature from a known key is on the note.
        public static let unverifiedNote = Code("unverifiedNote")
        /// A checkpoint's note text is not origin, tree size and root hash lines.
        public static let malformedCheckpoint = Code("malformedCheckpoint")
        /// A cosignature is not an 8-byte timestamp and a 64-byte Ed25519 signature.
        public static let malformedCosignature = Code("malformedCosignature")
        /// A cosignature timestamp is zero where one is required, or above 2^63 - 1.
        public static let badTimestamp = Code("badTimestamp")
        /// A tlog-proof is not in the `c2sp.org/tlog-proof@v1` format.
        public static let malformedProof = Code("malformedProof")
        /// A witness policy's threshold is negative or above its number of witnesses.
        public static let badPolicy = Code("badPolicy")
        /// Fewer distinct trusted witnesses cosigned a checkpoint than a policy requires.
        public static let quorumNotMet = Code("quorumNotMet")

    }

    /// The error's code.
    public let code: Code
    /// A message that says what is wrong, for people.
    public let message: String
    /// The error this one was made from, if any.
    public let underlying: (any Error)?
    /// Where the error was thrown.
    public let file: String
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
