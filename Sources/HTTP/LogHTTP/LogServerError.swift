// The errors of starting a log server (LogDeployment): each says which input, file or address is
// wrong, in one line, before the log makes any state when it can.
public import CodedError

/// The error thrown while a log server starts (``LogDeployment``). Errors compare equal when
/// their codes are.
public struct LogServerError: CodedError {
    /// What went wrong, as a stable code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        init(_ name: String) { self.name = name }
        public var description: String { name }

        /// A setting is out of range or a file the server reads (config file, issuer list,
        /// witness policy) is missing, too large or not valid.
        public static let badInput = Code("badInput")
        /// The listen address cannot be bound (in use, not this machine's, not resolvable).
        /// The message names the address and the reason, and ends with `?` when the reason is
        /// a question (`is another server running there?`).
        public static let cannotListen = Code("cannotListen")
        /// The data directory, the log key or its verifier key file cannot be made or read.
        public static let dataDirectory = Code("dataDirectory")
        /// Another process holds the store of the data directory.
        public static let locked = Code("locked")
        /// The store cannot be opened.
        public static let store = Code("store")
        /// The log refuses to start on its state (behind the signed-head record, another origin,
        /// a key that has signed before without `--init`).
        public static let refused = Code("refused")
    }

    /// The error's code.
    public let code: Code
    /// A message that says what is wrong, for people: one line.
    public let message: String
    /// The error this one was made from, if any.
    public let underlying: (any Error)?
    /// Where the error was thrown.
    public let file: String
    public let line: UInt

    /// Creates an error with a code, a message and the source location.
    public init(_ code: Code, _ message: String, underlying: (any Error)? = nil, file: String = #fileID, line: UInt = #line) {
        self.code = code
        self.message = message.split(whereSeparator: \.isNewline).joined(separator: " ")
        self.underlying = underlying
        self.file = file
        self.line = line
    }
}
