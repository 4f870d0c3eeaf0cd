// c2sp.org/signed-note §Signature types: the one-byte identifiers that enter the key ID.
public import CryptoPrimitives

/// The note signature types this module implements.
///
/// Other types (ECDSA 0x02, RFC 6962 tree-head signatures 0x05, ML-DSA-44 cosignatures 0x06) are
/// valid on notes and are ignored there as unknown signatures; keys of those types are refused.
public enum SignatureType: UInt8, Sendable, Hashable, CaseIterable {
    /// Ed25519 signatures over the note text (c2sp.org/signed-note §Ed25519 signatures).
    case ed25519 = 0x01
    /// Timestamped Ed25519 witness cosignatures, `cosignature/v1` (c2sp.org/tlog-cosignature).
    case cosignatureV1 = 0x04

    /// The key ID: the first four bytes, big-endian, of
    /// SHA-256(key name ‖ 0x0A ‖ type ‖ 32-byte public key) (c2sp.org/signed-note §Signatures).
    public func keyID(name: String, publicKey: Ed25519PublicKey) -> UInt32 {
        var input = Array(name.utf8)
        input.append(0x0A)
        input.append(rawValue)
        input.append(contentsOf: publicKey.bytes)
        let digest = SHA256.digest(input)
        return UInt32(digest[0]) << 24 | UInt32(digest[1]) << 16 | UInt32(digest[2]) << 8 | UInt32(digest[3])
    }
}
