// Producing note signatures (c2sp.org/signed-note §Ed25519 signatures) and cosignatures
// (c2sp.org/tlog-cosignature §Ed25519 signed message).

extension SignerKey {
    /// Signs a note text with an Ed25519 note key (type 0x01) and returns the signature line.
    ///
    /// Ed25519 is deterministic: the same key and text always give the same line. Throws
    /// ``NotesError/Code/wrongKeyType`` for a cosignature key and ``NotesError/Code/malformedText``
    /// if `text` is not a valid note text (non-empty, ending in a newline, no control characters
    /// but newline).
    public func sign(text: String) throws(NotesError) -> NoteSignature {
        guard type == .ed25519 else {
            throw NotesError(.wrongKeyType, "a cosignature key signs checkpoints with cosign(_:timestamp:)")
        }
        try NoteText.validate(text)
        return try NoteSignature(name: name, keyID: keyID, signature: privateKey.signature(for: Array(text.utf8)))
    }

    /// Signs a checkpoint with an Ed25519 note key and returns the signed note.
    ///
    /// Throws as ``sign(text:)`` does.
    public func sign(_ checkpoint: Checkpoint) throws(NotesError) -> Note {
        try Note(text: checkpoint.text, signatures: [sign(text: checkpoint.text)])
    }

    /// Cosigns a checkpoint at `timestamp` with a cosignature key (type 0x04).
    ///
    /// Throws ``NotesError/Code/wrongKeyType`` for a note key and ``NotesError/Code/badTimestamp``
    /// unless `timestamp` is in 1...2^63 - 1 (zero would claim an observation at the epoch).
    public func cosign(_ checkpoint: Checkpoint, timestamp: UInt64) throws(NotesError) -> Cosignature {
        guard type == .cosignatureV1 else {
            throw NotesError(.wrongKeyType, "only a cosignature/v1 key (type 0x04) cosigns")
        }
        guard timestamp >= 1 && timestamp <= Cosignature.maxTimestamp else {
            throw NotesError(.badTimestamp, "a cosignature timestamp is between 1 and 2^63 - 1")
        }
        let message = Cosignature.signedMessage(checkpoint: checkpoint, timestamp: timestamp)
        let line = try NoteSignature(
            name: name, keyID: keyID,
            signature: Cosignature.timestampBytes(timestamp) + privateKey.signature(for: message))
        return try Cosignature(line)
    }
}
