public import CodedError

/// The error thrown by LogEngine. Errors compare equal when their codes are equal.
public struct LogEngineError: CodedError {
    /// What went wrong, as a stable code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The pending pool is full: the log is overloaded; try again later.
        public static let overloaded = Code("overloaded")
        /// The log is shutting down and accepts no new registrations.
        public static let shuttingDown = Code("shuttingDown")
        /// The sequencer stopped after an alarm (a storage failure or a root mismatch); the log
        /// accepts no writes until an operator restarts it.
        public static let stopped = Code("stopped")
        /// The stored state does not match the last signed checkpoint, the log key or the origin:
        /// the log refuses to start.
        public static let inconsistentState = Code("inconsistentState")
        /// The storage failed.
        public static let storage = Code("storage")
        /// What was asked for is not in the published tree.
        public static let notFound = Code("notFound")
        /// A read request's parameters are invalid (a range that is empty or backwards).
        public static let badRequest = Code("badRequest")
        /// The log has witnesses, fails closed, and no checkpoint has reached their quorum yet.
        public static let noQuorum = Code("noQuorum")
        /// The configuration is invalid.
        public static let badConfiguration = Code("badConfiguration")
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
