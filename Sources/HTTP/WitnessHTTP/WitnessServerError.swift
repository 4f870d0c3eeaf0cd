// The errors of starting a witness server (WitnessServer): each says which input, directory or
// address is wrong, in one line.
public import CodedError

/// The error thrown while a witness server starts (``WitnessServer``). Errors compare equal when
/// their codes are.
public struct WitnessServerError: CodedError {
    /// What went wrong, as a stable code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The log list cannot be read or is not valid.
        public static let badInput = Code("badInput")
        /// The listen address cannot be bound (in use, not this machine's, not resolvable).
        /// The message names the address and the reason, and ends with `?` when the reason is
        /// a question (`is another server running there?`).
        public static let cannotListen = Code("cannotListen")
        /// The witness cannot open its directory, key or state (WitnessEngine's message).
        public static let open = Code("open")
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
