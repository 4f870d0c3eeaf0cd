// Ed25519 (RFC 8032) through swift-crypto, whose verify and sign are measured faster here than
// OpenSSL 3.0's (DESIGN.md §5). Signatures are deterministic: the same seed and message always
// give the same 64 bytes.
internal import Crypto

/// An Ed25519 private key, held as its 32-byte seed.
public struct Ed25519PrivateKey: Sendable {
    private let key: Curve25519.Signing.PrivateKey

    /// Creates a key from a 32-byte RFC 8032 seed. Throws if `seed` is not 32 bytes long.
    public init(seed: some Collection<UInt8>) throws(CryptoPrimitivesError) {
        guard seed.count == 32 else {
            throw CryptoPrimitivesError(.badKeyLength, "an Ed25519 seed is 32 bytes, not \(seed.count)")
        }
        do {
            key = try Curve25519.Signing.PrivateKey(rawRepresentation: Array(seed))
        } catch {
            throw CryptoPrimitivesError(.badKeyLength, "swift-crypto refused the Ed25519 seed")
        }
    }

    /// Creates a new key from the system's secure random number generator.
    public init() {
        key = Curve25519.Signing.PrivateKey()
    }

    /// The 32-byte seed.
    public var seed: [UInt8] { Array(key.rawRepresentation) }

    /// The matching public key.
    public var publicKey: Ed25519PublicKey { Ed25519PublicKey(key.publicKey) }

    /// Signs `message` and returns the 64-byte signature.
    public func signature(for message: some Collection<UInt8>) -> [UInt8] {
        do {
            return Array(try key.signature(for: Array(message)))
        } catch {
            preconditionFailure("Ed25519 signing failed: \(error)")
        }
    }
}

/// An Ed25519 public key, 32 bytes.
public struct Ed25519PublicKey: Sendable, Hashable {
    private let key: Curve25519.Signing.PublicKey

    fileprivate init(_ key: Curve25519.Signing.PublicKey) { self.key = key }

    /// Creates a key from its 32-byte encoding. Throws if the bytes are not a valid key.
    public init(bytes: some Collection<UInt8>) throws(CryptoPrimitivesError) {
        guard bytes.count == 32 else {
            throw CryptoPrimitivesError(.badKeyLength, "an Ed25519 public key is 32 bytes, not \(bytes.count)")
        }
        do {
            key = try Curve25519.Signing.PublicKey(rawRepresentation: Array(bytes))
        } catch {
            throw CryptoPrimitivesError(.badKey, "not an Ed25519 public key")
        }
    }

    /// The 32-byte encoding.
    public var bytes: [UInt8] { Array(key.rawRepresentation) }

    /// Returns whether `signature` is a valid signature of `message` by this key.
    public func isValidSignature(_ signature: some Collection<UInt8>, for message: some Collection<UInt8>) -> Bool {
        guard signature.count == 64 else { return false }
        return key.isValidSignature(Array(signature), for: Array(message))
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.bytes == rhs.bytes }
    public func hash(into hasher: inout Hasher) { hasher.combine(bytes) }
}
