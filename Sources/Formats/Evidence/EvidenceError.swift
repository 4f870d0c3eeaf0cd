public import CodedError

/// The error thrown by Evidence: hardware attestation evidence, certificates, CRLs and DCAP
/// collateral that could not be parsed. Errors compare equal when their codes are equal.
public struct EvidenceError: CodedError {
    /// What went wrong, as a stable code (specs/evidence.md §Errors).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The input is shorter than its structure or a length field says.
        public static let truncated = Code("EVIDENCE_TRUNCATED")
        /// The input is longer than the format allows, or carries bytes after its structure
        /// (beyond the zero padding a format tolerates).
        public static let trailingBytes = Code("EVIDENCE_TRAILING_BYTES")
        /// The input is larger than its bound.
        public static let tooLarge = Code("EVIDENCE_TOO_LARGE")
        /// A version, type or algorithm field holds a value this parser does not know.
        public static let unsupported = Code("EVIDENCE_UNSUPPORTED")
        /// A field breaks the format's rules (a wrong type, a reserved bit set, a bad length).
        public static let malformed = Code("EVIDENCE_MALFORMED")
        /// A certificate is not X.509 v3 DER (or PEM of it) that the X.509 library accepts.
        public static let badCertificate = Code("EVIDENCE_BAD_CERTIFICATE")
        /// A certificate revocation list is not an RFC 5280 CRL in DER (or PEM).
        public static let badCRL = Code("EVIDENCE_BAD_CRL")
        /// The DCAP collateral JSON is not of the documented form.
        public static let badCollateral = Code("EVIDENCE_BAD_COLLATERAL")
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
