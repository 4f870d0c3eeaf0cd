// An issuer's Ed25519 key, named by the issuer's `iss` and identified by a C2SP signed-note key ID.
//
// c2sp.org/signed-note, "Signatures": key ID = SHA-256(key name || 0x0A || 0x01 || public key)[:4],
// read as a big-endian uint32. A signed statement's `kid` is these four bytes (specs/statements.md).
public import CryptoPrimitives
internal import Notes

/// An issuer's Ed25519 public key together with the issuer's name and the key's 4-byte key ID.
///
/// The name is the `iss` claim of the issuer's statements; the key ID is the `kid` header
/// parameter of its signed statements. Two keys are equal when name and public key are equal.
public struct IssuerKey: Sendable, Hashable {
    /// The signed-note signature type of Ed25519 keys (c2sp.org/signed-note, "Signature types").
    public static let ed25519SignatureType: UInt8 = 0x01

    /// The longest issuer name, in Unicode code points: the longest `iss` (RFC 9943 §6).
    public static let maximumNameLength = 8192

    /// The issuer's name: its `iss` claim.
    public let name: String
    /// The 32-byte Ed25519 public key.
    public let publicKey: Ed25519PublicKey
    /// The key ID: the first four bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key), big-endian.
    public let keyID: UInt32

    /// Creates the key of issuer `name`.
    ///
    /// Throws `BAD_ISSUER_LIST` when `name` is not a valid key name: it must be 1…8192 code points
    /// of which none is a Unicode space, a plus sign or a control character
    /// (c2sp.org/signed-note, "Format").
    public init(name: String, publicKey: Ed25519PublicKey) throws(StatementsError) {
        if let problem = Self.nameProblem(name) {
            throw StatementsError(.badIssuerList, "issuer name \(Self.quoted(name)) \(problem)")
        }
        self.name = name
        self.publicKey = publicKey
        self.keyID = Self.keyID(name: name, publicKey: publicKey)
    }

    /// The key ID as the four bytes a statement carries in its `kid`.
    public var keyIDBytes: [UInt8] { Self.bytes(ofKeyID: keyID) }

    /// Returns the key ID of `publicKey` under `name` (c2sp.org/signed-note, "Ed25519 signatures").
    public static func keyID(name: String, publicKey: Ed25519PublicKey) -> UInt32 {
        SignatureType.ed25519.keyID(name: name, publicKey: publicKey)
    }

    /// Returns the four big-endian bytes of `keyID`.
    public static func bytes(ofKeyID keyID: UInt32) -> [UInt8] {
        [UInt8(keyID >> 24), UInt8(truncatingIfNeeded: keyID >> 16), UInt8(truncatingIfNeeded: keyID >> 8),
         UInt8(truncatingIfNeeded: keyID)]
    }

    /// Returns why `name` cannot be a key name, or nil when it can.
    static func nameProblem(_ name: String) -> String? {
        let count = name.unicodeScalars.count
        if count == 0 { return "is empty" }
        if count > maximumNameLength {
            return "is \(count) characters long; the limit is \(maximumNameLength)"
        }
        for scalar in name.unicodeScalars {
            if scalar == "+" { return "contains a plus sign" }
            if scalar.properties.isWhitespace { return "contains a space" }
            if scalar.properties.generalCategory == .control { return "contains a control character" }
        }
        return nil
    }

    /// `name` in quotes, shortened to its first 64 characters for error messages.
    static func quoted(_ name: String) -> String {
        let scalars = name.unicodeScalars
        if scalars.count <= 64 { return "\"\(name)\"" }
        var short = String.UnicodeScalarView()
        short.append(contentsOf: scalars.prefix(64))
        return "\"\(String(short))…\""
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.name == rhs.name && lhs.publicKey == rhs.publicKey
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(publicKey)
    }
}
