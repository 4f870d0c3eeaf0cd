/// The error thrown by RocksDB. Errors compare equal when their codes are equal.
public struct RocksDBError: Error, Hashable, CustomStringConvertible {
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
