public import CodedError

/// The error thrown by WitnessEngine. Errors compare equal when their codes are equal.
///
/// Each code of an `add-checkpoint` failure corresponds to one HTTP status of
/// c2sp.org/tlog-witness v1.0.0; the HTTP layer maps codes to statuses in one table.
public struct WitnessEngineError: CodedError {
    /// What went wrong, as a stable code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The `add-checkpoint` body is not an old size line, at most 63 proof lines, a blank line
        /// and a signed checkpoint, or is too large.
        public static let malformedBody = Code("malformedBody")
        /// The checkpoint's origin is not in the witness's log list.
        public static let unknownOrigin = Code("unknownOrigin")
        /// No signature on the checkpoint verifies with a trusted key of its log, or a trusted
        /// key's signature fails.
        public static let untrustedCheckpoint = Code("untrustedCheckpoint")
        /// The old size is larger than the checkpoint's tree size.
        public static let oldSizeTooLarge = Code("oldSizeTooLarge")
        /// The old size is not the size of the latest checkpoint the witness cosigned for the log;
        /// ``WitnessEngineError/knownTreeSize`` holds that size.
        public static let oldSizeMismatch = Code("oldSizeMismatch")
        /// The consistency proof does not prove the checkpoint extends the witness's checkpoint.
        public static let inconsistentProof = Code("inconsistentProof")
        /// The checkpoint has the size of the witness's checkpoint but a different root hash: the
        /// log has forked.
        public static let rootMismatch = Code("rootMismatch")
        /// The log list file is not one `<origin> <verifier key>` line per key with `#` comments.
        public static let malformedLogList = Code("malformedLogList")
        /// The witness's key file is missing, unreadable or not a cosignature key.
        public static let badKeyFile = Code("badKeyFile")
        /// The witness's state could not be read or written, or is not in the expected format.
        public static let storage = Code("storage")
        /// The witness's state does not go with its key: it is missing or empty while the key has
        /// cosigned, it was made for another key or another state, or it is older than what the key
        /// cosigned (a restored backup). Cosigning from it could sign a second history.
        public static let stateMismatch = Code("stateMismatch")
        /// The request names a checkpoint the witness never cosigned (an unknown origin hash, or a
        /// known log without a cosigned checkpoint yet).
        public static let noCheckpoint = Code("noCheckpoint")
    }

    /// The error's code.
    public let code: Code
    /// A message that says what is wrong, for people.
    public let message: String
    /// The error this one was made from, if any.
    public let underlying: (any Error)?
    /// For ``Code/oldSizeMismatch``: the tree size of the latest checkpoint the witness cosigned
    /// for the log (zero if it never cosigned one). Nil for every other code.
    public let knownTreeSize: UInt64?
    /// Where the error was thrown.
    public let file: String
    public let line: UInt

    /// Creates an error with a code, a message and the source location.
    public init(
        _ code: Code, _ message: String, knownTreeSize: UInt64? = nil, underlying: (any Error)? = nil, file: String = #fileID, line: UInt = #line
    ) {
        self.code = code
        self.message = message
        self.underlying = underlying
        self.knownTreeSize = knownTreeSize
        self.file = file
        self.line = line
    }
}
