public import CodedError

/// The error thrown by Merkle. Errors compare equal when their codes are equal.
public struct MerkleError: CodedError {
    /// What went wrong, as a stable code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        init(_ name: String) { self.name = name }
        public var description: String { name }

        /// Bytes that should be a 32-byte hash are not.
        public static let badHashLength = Code("badHashLength")
        /// A compact range does not hold exactly one hash per set bit of its size.
        public static let badCompactRange = Code("badCompactRange")
        /// A proof did not verify. Every way a proof can be wrong gives this one code, so that
        /// callers cannot learn more from a failure than that it failed.
        public static let invalidProof = Code("invalidProof")
        /// A leaf index or tree size lies outside the tree (for example an index at or past the
        /// tree size, or an old tree larger than the new one).
        public static let indexOutOfRange = Code("indexOutOfRange")
        /// A tree size is larger than ``maxTreeSize``, so its stored hashes have no index.
        public static let treeTooLarge = Code("treeTooLarge")
        /// A ``HashReader`` returned a different number of hashes than it was asked for, or had
        /// no hash at a requested index.
        public static let badHashReader = Code("badHashReader")
        /// A tile's level, index or width is outside what c2sp.org/tlog-tiles allows.
        public static let badTile = Code("badTile")
        /// A string is not a canonical tile or entry-bundle path (c2sp.org/tlog-tiles).
        public static let badTilePath = Code("badTilePath")
        /// Tile data has the wrong length, or a stored hash is not in the tile it was read from.
        public static let badTileData = Code("badTileData")
        /// Tile data does not match the tree head it was checked against.
        public static let inconsistentTile = Code("inconsistentTile")
        /// Bytes are not a well-formed entry bundle (c2sp.org/tlog-tiles).
        public static let badEntryBundle = Code("badEntryBundle")
        /// An entry is longer than 65,535 bytes, the most a bundle's length prefix can state.
        public static let entryTooLarge = Code("entryTooLarge")
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
