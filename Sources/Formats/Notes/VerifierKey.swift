// Verifier keys ("vkeys"): `<name>+<hex key ID>+<base64(type ‖ public key)>`, the encoding of
// golang.org/x/mod/sumdb/note that c2sp.org/signed-note and c2sp.org/tlog-cosignature refer to.
public import CryptoPrimitives

/// A public key that verifies note signatures: a name, a key ID, a signature type and an Ed25519
/// public key.
///
/// The key ID always equals ``SignatureType/keyID(name:publicKey:)``: parsing refuses a key whose
/// ID does not match, so a value of this type is always self-consistent.
public struct VerifierKey: Hashable, Sendable, CustomStringConvertible {
    /// The key name (c2sp.org/signed-note §Format).
    public let name: String
    /// The key ID that opens every signature by this key.
    public let keyID: UInt32
    /// The signature type: Ed25519 note signatures or `cosignature/v1` cosignatures.
    public let type: SignatureType
    /// The Ed25519 public key.
    public let publicKey: Ed25519PublicKey

    /// The longest verifier key string accepted, in bytes.
    public static let maxEncodedCount = 32_768 + 128

    /// Creates the verifier key for `publicKey` under `name`, computing its key ID.
    ///
    /// Throws ``NotesError/Code/badKeyName`` if the name breaks the key-name rules or is longer
    /// than 255 bytes.
    public init(name: String, type: SignatureType, publicKey: Ed25519PublicKey) throws(NotesError) {
        try KeyName.validateForKey(name)
        self.name = name
        self.type = type
        self.publicKey = publicKey
        self.keyID = type.keyID(name: name, publicKey: publicKey)
    }

    /// Parses `<name>+<8 lower-case hex digits>+<base64(type ‖ 32-byte public key)>`.
    ///
    /// Throws ``NotesError/Code/malformedKey`` for a wrong shape, length or encoding,
    /// ``NotesError/Code/badKeyName`` for a bad name, ``NotesError/Code/unknownKeyType`` for a
    /// type other than 0x01 or 0x04, and ``NotesError/Code/keyIDMismatch`` if the ID is not the
    /// one computed from the name, type and key. Trailing bytes (a newline included) are refused.
    public init(parsing text: some StringProtocol) throws(NotesError) {
        guard text.utf8.count <= Self.maxEncodedCount else {
            throw NotesError(.malformedKey, "a verifier key is at most \(Self.maxEncodedCount) bytes")
        }
        let parts = String(text).split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            throw NotesError(.malformedKey, "a verifier key is <name>+<key ID>+<base64 key>")
        }
        try self.init(name: parts[0], id: parts[1], key: parts[2])
    }

    init(name: Substring, id: Substring, key: Substring) throws(NotesError) {
        try KeyName.validateForKey(name)
        let id = try KeyID.parse(id)
        let (type, bytes) = try KeyMaterial.decode(key)
        let publicKey: Ed25519PublicKey
        do {
            publicKey = try Ed25519PublicKey(bytes: bytes)
        } catch {
            throw NotesError(.malformedKey, "not an Ed25519 public key: \(error.message)")
        }
        try self.init(name: String(name), type: type, publicKey: publicKey)
        guard keyID == id else {
            throw NotesError(
                .keyIDMismatch, "key ID \(KeyID.hex(id)) does not match the key, whose ID is \(KeyID.hex(keyID))")
        }
    }

    /// The key in its text form, `<name>+<key ID>+<base64(type ‖ public key)>`, without a newline.
    public var encoded: String {
        "\(name)+\(KeyID.hex(keyID))+\(Base64.encode([type.rawValue] + publicKey.bytes))"
    }

    /// The key in its text form (``encoded``).
    public var description: String { encoded }
}
