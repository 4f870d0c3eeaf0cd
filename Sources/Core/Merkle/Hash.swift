// RFC 6962 §2.1: the Merkle Tree Hash over SHA-256.
internal import CryptoPrimitives

/// A SHA-256 hash: exactly 32 bytes, stored inline (no heap allocation).
public struct Hash: Hashable, Sendable {
    /// The 32 bytes as four words, in memory order: the bytes of `words.0` are bytes 0...7.
    @usableFromInline var words: (UInt64, UInt64, UInt64, UInt64)

    /// The length of a hash in bytes.
    public static let count = 32

    /// The all-zero hash.
    public static let zero = Hash(words: (0, 0, 0, 0))

    @inlinable init(words: (UInt64, UInt64, UInt64, UInt64)) { self.words = words }

    /// Creates a hash from exactly 32 bytes; throws if there are more or fewer.
    public init(bytes: some Collection<UInt8>) throws(MerkleError) {
        guard bytes.count == Hash.count else {
            throw MerkleError(.badHashLength, "a hash is 32 bytes, not \(bytes.count)")
        }
        self = .zero
        Swift.withUnsafeMutableBytes(of: &words) { out in
            for (i, b) in bytes.enumerated() { out[i] = b }
        }
    }

    /// Creates a hash by letting `body` write its 32 bytes.
    @inlinable
    public init(writing body: (UnsafeMutableRawPointer) throws -> Void) rethrows {
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        try Swift.withUnsafeMutableBytes(of: &words) { try body($0.baseAddress!) }
        self.words = words
    }

    /// Calls `body` with the 32 bytes of this hash.
    @inlinable
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try Swift.withUnsafeBytes(of: words, body)
    }

    /// The 32 bytes as an array.
    public var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

    public static func == (lhs: Hash, rhs: Hash) -> Bool {
        lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1 && lhs.words.2 == rhs.words.2
            && lhs.words.3 == rhs.words.3
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }
}

extension Hash: CustomStringConvertible {
    /// The hash in lower-case hexadecimal.
    public var description: String { hex }

    /// The hash in lower-case hexadecimal (64 characters).
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        withUnsafeBytes { for b in $0 { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) } }
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses 64 hexadecimal digits (either case); throws on any other input.
    public init(hex: some StringProtocol) throws(MerkleError) {
        let utf8 = Array(hex.utf8)
        guard utf8.count == 64 else {
            throw MerkleError(.badHashLength, "a hex hash is 64 digits, not \(utf8.count)")
        }
        func nibble(_ c: UInt8) throws(MerkleError) -> UInt8 {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
            default: throw MerkleError(.badHashLength, "not a hexadecimal digit in a hash")
            }
        }
        var bytes = [UInt8](repeating: 0, count: 32)
        for i in 0..<32 { bytes[i] = try nibble(utf8[2 * i]) << 4 | nibble(utf8[2 * i + 1]) }
        try self.init(bytes: bytes)
    }
}

// MARK: - RFC 6962 §2.1 hashing

extension Hash {
    /// The hash of the empty tree: SHA-256 of the empty string (RFC 6962 §2.1).
    public static let emptyTree: Hash = Hash { SHA256.current.hash(UnsafeRawBufferPointer(start: nil, count: 0), into: $0) }

    /// The leaf hash of `entry`: SHA-256(0x00 ‖ entry) (RFC 6962 §2.1).
    public static func leaf(_ entry: some Collection<UInt8>) -> Hash {
        if let h = entry.withContiguousStorageIfAvailable({ leaf(UnsafeRawBufferPointer($0)) }) { return h }
        return Array(entry).withUnsafeBytes { leaf($0) }
    }

    /// The leaf hash of the bytes in `entry`: SHA-256(0x00 ‖ entry) (RFC 6962 §2.1).
    public static func leaf(_ entry: UnsafeRawBufferPointer) -> Hash {
        Swift.withUnsafeBytes(of: UInt8(0x00)) { prefix in
            Hash { SHA256.current.hash(prefix, entry, into: $0) }
        }
    }

    /// The interior node hash: SHA-256(0x01 ‖ left ‖ right) (RFC 6962 §2.1).
    public static func node(_ left: Hash, _ right: Hash) -> Hash {
        Swift.withUnsafeBytes(of: UInt8(0x01)) { prefix in
            left.withUnsafeBytes { l in
                right.withUnsafeBytes { r in
                    Hash { SHA256.current.hash(prefix, l, r, into: $0) }
                }
            }
        }
    }
}
