// c2sp.org/signed-note §Signatures: unknown keys are ignored, a known key's signature must verify,
// and at least one known key must have signed.

extension Note {
    /// Verifies the note's signatures against trusted keys and returns those that verified.
    ///
    /// A signature whose (name, key ID) matches no key in `keys` is ignored, even if it shares
    /// one of the two with a known key. Every signature from a known key must verify, including
    /// repeated lines from the same key. Keys of type ``SignatureType/cosignatureV1`` verify
    /// `cosignature/v1` signatures over the note text (``Cosignature``).
    ///
    /// Throws ``NotesError/Code/ambiguousKey`` if two keys share a name and key ID,
    /// ``NotesError/Code/badSignature`` if a known key's signature fails (the whole note is
    /// rejected, as c2sp.org/signed-note recommends), and ``NotesError/Code/unverifiedNote`` if
    /// no known key signed (its message names the keys given and the keys that signed).
    public func verify(with keys: [VerifierKey]) throws(NotesError) -> [NoteSignature] {
        var known = [KeyRef: VerifierKey]()
        for key in keys {
            let ref = KeyRef(name: key.name, keyID: key.keyID)
            guard known[ref] == nil else {
                throw NotesError(.ambiguousKey, "two verifier keys are named \(key.name) with ID \(KeyID.hex(key.keyID))")
            }
            known[ref] = key
        }
        let message = Array(text.utf8)
        var verified = [NoteSignature]()
        for signature in signatures {
            guard let key = known[KeyRef(name: signature.name, keyID: signature.keyID)] else { continue }
            guard key.isValidSignature(signature.signature, forText: message) else {
                throw NotesError(
                    .badSignature, "the signature by \(signature.name)+\(KeyID.hex(signature.keyID)) does not verify")
            }
            verified.append(signature)
        }
        guard !verified.isEmpty else {
            // Both sides, so that a wrong key is told from a wrong note: the keys trusted and the
            // keys that signed (at most eight of each).
            func list(_ refs: [String]) -> String {
                refs.isEmpty ? "none" : refs.prefix(8).joined(separator: ", ") + (refs.count > 8 ? " and \(refs.count - 8) more" : "")
            }
            let trusted = list(keys.map { "\($0.name)+\(KeyID.hex($0.keyID))" })
            let signers = list(signatures.map { "\($0.name.prefix(128))+\(KeyID.hex($0.keyID))" })
            throw NotesError(
                .unverifiedNote, "no signature on the note is from a known key (known: \(trusted); signed by: \(signers))")
        }
        return verified
    }
}

/// A key's identity within a note: its name and key ID.
struct KeyRef: Hashable {
    let name: String
    let keyID: UInt32
}
