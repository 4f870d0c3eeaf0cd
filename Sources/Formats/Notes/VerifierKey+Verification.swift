// Verifying one note signature with a verifier key, by signature type.

extension VerifierKey {
    /// Whether `signature` (the bytes after the key ID) is a valid signature by this key over the
    /// note text `text`.
    ///
    /// For ``SignatureType/ed25519`` this is Ed25519 over the text (c2sp.org/signed-note
    /// §Ed25519 signatures). For ``SignatureType/cosignatureV1`` the signature must be a
    /// timestamp of at most 2^63 - 1 and an Ed25519 signature over the `cosignature/v1` message
    /// (c2sp.org/tlog-cosignature §Ed25519 signed message).
    public func isValidSignature(_ signature: [UInt8], forText text: [UInt8]) -> Bool {
        switch type {
        case .ed25519:
            return publicKey.isValidSignature(signature, for: text)
        case .cosignatureV1:
            guard let parts = try? Cosignature.split(signature) else { return false }
            return publicKey.isValidSignature(
                parts.signature, for: Cosignature.signedMessage(text: text, timestamp: parts.timestamp))
        }
    }
}
