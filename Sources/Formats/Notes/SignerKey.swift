// Private keys: `PRIVATE+KEY+<name>+<hex key ID>+<base64(type ‖ 32-byte Ed25519 seed)>`, the
// encoding of golang.org/x/mod/sumdb/note. The key ID is that of the matching public key.
public import CryptoPrimitives

/// A private key that signs notes (type 0x01) or cosigns checkpoints (type 0x04).
///
/// Anyone holding the encoded key can sign as its owner: keep it secret. The key ID always equals
/// the ID of ``verifierKey``; parsing refuses a key string whose ID does not match.
public struct SignerKey: Sendable {
    /// The key name.
    public let name: String
    /// The key ID of the matching verifier key.
    public let keyID: UInt32
    /// The signature type this key produces.
    public let type: SignatureType
    /// The Ed25519 private key.
    public let privateKey: Ed25519PrivateKey

    /// The longest private key string accepted, in bytes.
    public static let maxEncodedCount = 32_768 + 128

    private static let prefix = "PRIVATE+KEY+"

    /// Creates a signer key from an Ed25519 private key. Throws ``NotesError/Code/badKeyName`` if
    /// `name` breaks the key-name rules or is longer than 255 bytes.
    public init(name: String, type: SignatureType, privateKey: Ed25519PrivateKey) throws(NotesError) {
        try KeyName.validateForKey(name)
        self.name = name
        self.type = type
        self.privateKey = privateKey
        self.keyID = type.keyID(name: name, publicKey: privateKey.publicKey)
    }

    /// Generates a new key from the system's secure random number generator.
    ///
    /// Throws ``NotesError/Code/badKeyName`` if `name` breaks the key-name rules.
    public static func generate(name: String, type: SignatureType) throws(NotesError) -> SignerKey {
        try SignerKey(name: name, type: type, privateKey: Ed25519PrivateKey())
    }

    /// Parses `PRIVATE+KEY+<name>+<8 lower-case hex digits>+<base64(type ‖ 32-byte seed)>`.
    ///
    /// Throws ``NotesError/Code/malformedKey`` for a wrong shape, length or encoding,
    /// ``NotesError/Code/badKeyName``, ``NotesError/Code/unknownKeyType``, or
    /// ``NotesError/Code/keyIDMismatch`` if the ID is not that of the derived public key.
    /// Trailing bytes (a newline included) are refused.
    public init(parsing text: some StringProtocol) throws(NotesError) {
        guard text.utf8.count <= Self.maxEncodedCount else {
            throw NotesError(.malformedKey, "a private key is at most \(Self.maxEncodedCount) bytes")
        }
        guard text.hasPrefix(Self.prefix) else {
            throw NotesError(.malformedKey, "a private key starts with \(Self.prefix)")
        }
        let parts = text.dropFirst(Self.prefix.count).split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            throw NotesError(.malformedKey, "a private key is PRIVATE+KEY+<name>+<key ID>+<base64 key>")
        }
        try KeyName.validateForKey(parts[0])
        let id = try KeyID.parse(parts[1])
        let (type, seed) = try KeyMaterial.decode(parts[2])
        let privateKey: Ed25519PrivateKey
        do {
            privateKey = try Ed25519PrivateKey(seed: seed)
        } catch {
            throw NotesError(.malformedKey, "not an Ed25519 seed")
        }
        try self.init(name: String(parts[0]), type: type, privateKey: privateKey)
        guard keyID == id else {
            throw NotesError(
                .keyIDMismatch, "key ID \(KeyID.hex(id)) does not match the key, whose ID is \(KeyID.hex(keyID))")
        }
    }

    /// The key in its text form, `PRIVATE+KEY+<name>+<key ID>+<base64(type ‖ seed)>`, without a
    /// newline.
    public var encoded: String {
        "\(Self.prefix)\(name)+\(KeyID.hex(keyID))+\(Base64.encode([type.rawValue] + privateKey.seed))"
    }

    /// The matching verifier key.
    public var verifierKey: VerifierKey {
        do {
            return try VerifierKey(name: name, type: type, publicKey: privateKey.publicKey)
        } catch {
            preconditionFailure("a signer key's name was validated when it was made: \(error)")
        }
    }
}
