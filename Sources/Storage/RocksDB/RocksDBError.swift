public import CodedError

/// The error thrown by RocksDB. Errors compare equal when their codes are equal.
public struct RocksDBError: CodedError {
    /// What went wrong, as a stable code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        init(_ name: String) { self.name = name }
        public var description: String { name }

        /// Another handle (in this or another process) holds the database's lock.
        public static let locked = Code("locked")
        /// RocksDB reported an I/O, corruption or other failure.
        public static let io = Code("io")
        /// A column family that was not opened was named.
        public static let unknownColumnFamily = Code("unknownColumnFamily")
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
