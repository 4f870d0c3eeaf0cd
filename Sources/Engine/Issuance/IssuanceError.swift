public import CodedError

/// The error thrown by Issuance. Errors compare equal when their codes are equal.
///
/// Messages are one line and name each input the way `receiptlog issue` takes it (its flags, and
/// the keys of the claims file), since the command prints them unchanged.
public struct IssuanceError: CodedError {
    /// What went wrong, as a stable code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        init(_ name: String) { self.name = name }
        public var description: String { name }

        /// An input file cannot be opened or read, or is larger than its limit.
        public static let unreadableInput = Code("UNREADABLE_INPUT")
        /// The claims file is not JSON, not an object, has an unknown key, or a value of the
        /// wrong type (specs/receipt-profile.md §Issuing).
        public static let badClaimsFile = Code("BAD_CLAIMS_FILE")
        /// Given salts, or a salts or salt file, are malformed, belong to another statement or
        /// scheme, or do not match the fields committed to (specs/receipt-profile.md §Salts file).
        public static let badSalts = Code("BAD_SALTS")
        /// A required input (the request, the response, the model, its name or version) is
        /// given neither directly nor by the claims file.
        public static let missingInput = Code("MISSING_INPUT")
        /// Two inputs conflict: the model given twice, a model hash scheme without a model hash,
        /// or a parameters commitment in an AIR v1 receipt.
        public static let conflictingInputs = Code("CONFLICTING_INPUTS")
        /// A claim is malformed (hex, length) or the claims break a rule of the receipt profile.
        public static let badClaim = Code("BAD_CLAIM")
        /// The model directory cannot be hashed (specs/receipt-profile.md §Model digest).
        public static let badModel = Code("BAD_MODEL")
        /// A statement given as evidence is not an evidence or collateral statement
        /// (specs/evidence.md §Evidence in the log).
        public static let badEvidenceStatement = Code("BAD_EVIDENCE_STATEMENT")
        /// The issuer key is not an Ed25519 (type 0x01) key.
        public static let wrongKeyType = Code("WRONG_KEY_TYPE")
    }

    /// The error's code.
    public let code: Code
    /// A message that says what is wrong, for people: one line.
    public let message: String
    /// The error this one was made from, if any.
    public let underlying: (any Error)?
    /// Where the error was thrown.
    public let file: String
    /// The line the error was thrown at.
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
