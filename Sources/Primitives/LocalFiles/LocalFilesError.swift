public import CodedError

/// The error thrown by LocalFiles. Errors compare equal when their codes are equal.
public struct LocalFilesError: CodedError {
    /// What went wrong, as a stable code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The file exists and the call would replace it.
        public static let exists = Code("exists")
        /// The file is longer than the caller's limit.
        public static let tooLarge = Code("tooLarge")
        /// A private file is a symbolic link, not a regular file, not owned by this user, or
        /// readable or writable by others.
        public static let unsafeFile = Code("unsafeFile")
        /// A system call failed (open, read, write, fsync, rename).
        public static let io = Code("io")
    }

    /// The error's code.
    public let code: Code
    /// A message that says what is wrong, for people.
    public let message: String
    /// The error this one was made from, if any.
    public let underlying: (any Error)?
    /// The errno of the failed system call, or 0.
    public let errno: Int32
    /// Where the error was thrown.
    public let file: String
    public let line: UInt

    /// Creates an error with a code, a message, the errno and the source location.
    public init(_ code: Code, _ message: String, errno: Int32 = 0, underlying: (any Error)? = nil, file: String = #fileID, line: UInt = #line) {
        self.code = code
        self.message = message
        self.underlying = underlying
        self.errno = errno
        self.file = file
        self.line = line
    }
}
