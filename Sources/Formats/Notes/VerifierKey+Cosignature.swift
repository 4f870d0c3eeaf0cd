// Verifying one witness cosignature (c2sp.org/tlog-cosignature) on a checkpoint.

extension VerifierKey {
    /// Verifies that `signature` is this witness's `cosignature/v1` on `checkpoint` and returns
    /// its timestamp.
    ///
    /// Throws ``NotesError/Code/wrongKeyType`` unless this key has type 0x04,
    /// ``NotesError/Code/badSignature`` if the line's name or key ID is not this key's or the
    /// signature fails, and the errors of ``Cosignature/init(_:)`` for a malformed signature.
    public func verifyCosignature(_ signature: NoteSignature, on checkpoint: Checkpoint) throws(NotesError) -> UInt64 {
        guard type == .cosignatureV1 else {
            throw NotesError(.wrongKeyType, "\(name) is not a cosignature/v1 key (type 0x04)")
        }
        guard signature.name == name && signature.keyID == keyID else {
            throw NotesError(.badSignature, "the signature is by \(signature.name)+\(KeyID.hex(signature.keyID)), not this key")
        }
        let cosignature = try Cosignature(signature)
        let message = Cosignature.signedMessage(checkpoint: checkpoint, timestamp: cosignature.timestamp)
        guard publicKey.isValidSignature(cosignature.signature, for: message) else {
            throw NotesError(.badSignature, "the cosignature by \(name)+\(KeyID.hex(keyID)) does not verify")
        }
        return cosignature.timestamp
    }
}
