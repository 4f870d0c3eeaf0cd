/// The error thrown by LogClient. Errors compare equal when their codes are equal.
public struct LogClientError: Error, Hashable, CustomStringConvertible {
    /// What went wrong, as a stable code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The log could not be reached, or the exchange failed.
        public static let transport = Code("transport")
        /// The log answered with a status other than the one expected; the message holds the
        /// status and the log's message.
        public static let status = Code("status")
        /// The log's answer is not what the API specifies (specs/http-api.md).
        public static let malformedAnswer = Code("malformedAnswer")
        /// The log's answer does not verify: a bad signature, a proof that fails, a checkpoint of
        /// another log.
        public static let verificationFailed = Code("verificationFailed")
        /// The log URL is not an http or https URL.
        public static let badURL = Code("badURL")
    }

    /// The error's code.
    public let code: Code
    /// A message that says what is wrong, for people.
    public let message: String
    /// Where the error was thrown.
    public let file: String
    public let line: UInt

    /// Creates an error with a code, a message and the source location.
    public init(_ code: Code, _ message: String, file: String = #fileID, line: UInt = #line) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
    }

    public var description: String { "\(code): \(message)" }
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
