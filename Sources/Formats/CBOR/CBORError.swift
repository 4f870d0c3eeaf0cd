public import CodedError

/// The error thrown by CBOR. Errors compare equal when their codes are equal.
public struct CBORError: CodedError {
    /// What went wrong, as a stable code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The input ended inside a data item.
        public static let truncated = Code("truncated")
        /// Bytes follow the single top-level data item (RFC 8949 §5.1).
        public static let trailingBytes = Code("trailingBytes")
        /// An indefinite-length string, array or map (RFC 8949 §3.2.2; not deterministic, §4.2.1).
        public static let indefiniteLength = Code("indefiniteLength")
        /// Additional information 28, 29 or 30, which RFC 8949 §3 reserves.
        public static let reservedAdditionalInfo = Code("reservedAdditionalInfo")
        /// An item that is not well-formed for another reason: a stray break, additional
        /// information 31 on major type 0, 1 or 6, or a two-byte simple value below 32 (§3.3).
        public static let malformed = Code("malformed")
        /// A map with two keys that are the same data item (RFC 8949 §5.6).
        public static let duplicateMapKey = Code("duplicateMapKey")
        /// A text string that is not valid UTF-8 (RFC 8949 §3.1, major type 3).
        public static let invalidUTF8 = Code("invalidUTF8")
        /// A head or float that is not in its shortest form, where deterministic encoding is
        /// required (RFC 8949 §4.2.1).
        public static let nonShortestEncoding = Code("nonShortestEncoding")
        /// Map keys not in bytewise order of their encodings, where deterministic encoding is
        /// required (RFC 8949 §4.2.1).
        public static let unsortedMapKeys = Code("unsortedMapKeys")
        /// The input is larger than the limit allows.
        public static let inputTooLarge = Code("inputTooLarge")
        /// Arrays, maps and tags nest deeper than the limit allows.
        public static let tooDeep = Code("tooDeep")
        /// A container or the whole input holds more items than the limits allow, or a length
        /// exceeds what the remaining input could hold.
        public static let tooManyItems = Code("tooManyItems")
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
