// The last field of a verifier or private key: base64(signature type ‖ 32 bytes of key material).

/// Decoding of the `base64(type ‖ key)` field shared by verifier and private keys.
enum KeyMaterial {
    /// Decodes the field and checks its type byte and length (1 + 32 bytes for both Ed25519 key
    /// types). Throws ``NotesError/Code/malformedKey`` or ``NotesError/Code/unknownKeyType``.
    static func decode(_ field: some StringProtocol) throws(NotesError) -> (SignatureType, [UInt8]) {
        let raw: [UInt8]
        do {
            raw = try Base64.decode(field, maxCount: 64)
        } catch {
            throw NotesError(.malformedKey, "the key material is not canonical base64 of at most 64 bytes")
        }
        guard let first = raw.first else {
            throw NotesError(.malformedKey, "the key material is empty")
        }
        guard let type = SignatureType(rawValue: first) else {
            throw NotesError(.unknownKeyType, "key type 0x\(KeyID.hex(UInt32(first)).suffix(2)) is not supported")
        }
        guard raw.count == 33 else {
            throw NotesError(.malformedKey, "an Ed25519 key is 1 + 32 bytes, not \(raw.count)")
        }
        return (type, Array(raw[1...]))
    }
}
