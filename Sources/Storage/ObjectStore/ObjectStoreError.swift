public import CodedError

/// The error thrown by ObjectStore: a request that cannot be signed as given, or credentials that
/// are missing or malformed. Errors compare equal when their codes are equal.
public struct ObjectStoreError: CodedError {
    /// What went wrong, as a stable code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The HTTP method is not an upper-case token.
        public static let badMethod = Code("badMethod")
        /// The host is empty, too long, not lower case, not ASCII, or has a character a DNS name,
        /// an IPv4 address or a bracketed IPv6 address cannot have.
        public static let badHost = Code("badHost")
        /// The port is outside 1...65535.
        public static let badPort = Code("badPort")
        /// The path does not start with "/", is too long, has a control character, or has a "."
        /// or ".." segment that a client or server could remove before the signature is checked.
        public static let badPath = Code("badPath")
        /// A query item has an empty name, a control character, or the query is too long.
        public static let badQuery = Code("badQuery")
        /// A header name is not an RFC 9110 token.
        public static let badHeaderName = Code("badHeaderName")
        /// A header value has a control character or a non-ASCII byte, or is too long.
        public static let badHeaderValue = Code("badHeaderValue")
        /// A header the signer sets itself (host, authorization, date, x-amz-date,
        /// x-amz-content-sha256, x-amz-security-token) was given.
        public static let reservedHeader = Code("reservedHeader")
        /// A header that proxies may change or drop (user-agent, expect, transfer-encoding, …)
        /// was given to be signed.
        public static let unsignableHeader = Code("unsignableHeader")
        /// The same header name was given twice (names compare case-insensitively).
        public static let duplicateHeader = Code("duplicateHeader")
        /// The payload hash is neither 64 lower-case hex digits nor `UNSIGNED-PAYLOAD`.
        public static let badPayloadHash = Code("badPayloadHash")
        /// An access key, secret key or session token is empty, too long, or has a character it
        /// cannot have.
        public static let badCredentials = Code("badCredentials")
        /// The region is not 1...64 characters of a-z, 0-9 and "-".
        public static let badRegion = Code("badRegion")
        /// The service is not 1...64 characters of a-z, 0-9 and "-".
        public static let badService = Code("badService")
        /// The instant is before 1970 or after the year 9999.
        public static let badInstant = Code("badInstant")
        /// A required AWS environment variable is unset or empty.
        public static let missingEnvironment = Code("missingEnvironment")
    }

    /// The error's code.
    public let code: Code
    /// A message that says what is wrong, for people.
    public let message: String
    /// The error this one was made from, if any.
    public let underlying: (any Error)?
    /// The file that threw the error.
    public let file: String
    /// The line that threw the error.
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
