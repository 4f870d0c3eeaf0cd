public import CodedError

/// The error thrown by COSE. Errors compare equal when their codes are equal.
public struct COSEError: CodedError {
    /// What went wrong, as a stable code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The input is not well-formed CBOR, or breaks a decoding limit.
        public static let malformed = Code("malformed")
        /// The input is CBOR but not a COSE_Sign1 structure (RFC 9052 §4.2): wrong tag, not a
        /// four-element array, or an element of the wrong type.
        public static let notCOSESign1 = Code("notCOSESign1")
        /// The protected header is not a serialized map of labels, or is a serialized empty map
        /// instead of a zero-length byte string (RFC 9052 §3).
        public static let badProtectedHeader = Code("badProtectedHeader")
        /// The unprotected header is not a map of labels (RFC 9052 §3).
        public static let badUnprotectedHeader = Code("badUnprotectedHeader")
        /// A label occurs in both the protected and the unprotected header (RFC 9052 §3).
        public static let duplicateLabel = Code("duplicateLabel")
        /// The signature has the wrong length for its algorithm (64 bytes for EdDSA, RFC 9053 §2.2).
        public static let badSignatureLength = Code("badSignatureLength")
        /// The protected header carries no `alg` (label 1).
        public static let missingAlgorithm = Code("missingAlgorithm")
        /// The protected `alg` is not EdDSA (-8), the only algorithm verified here.
        public static let unsupportedAlgorithm = Code("unsupportedAlgorithm")
        /// The `crit` header (label 2) is malformed or lists a label this library does not process.
        public static let unsupportedCritical = Code("unsupportedCritical")
        /// The payload is detached and no payload was supplied to verify against.
        public static let missingPayload = Code("missingPayload")
        /// A detached payload was supplied but the message carries its own payload.
        public static let payloadNotDetached = Code("payloadNotDetached")
        /// The signature does not verify with the key.
        public static let signatureInvalid = Code("signatureInvalid")
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
