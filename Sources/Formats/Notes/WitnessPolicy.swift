// A k-of-n witness policy over a checkpoint's cosignatures (c2sp.org/tlog-cosignature: "Log
// clients can verify a quorum of cosignatures to prevent split-view attacks"). The log uses it to
// decide when a checkpoint may be published; verifiers use it the same way.

/// A set of trusted witnesses, by `cosignature/v1` verifier key, and how many of them must have
/// cosigned a checkpoint.
///
/// Counting follows c2sp.org/tlog-cosignature: signature lines whose name and key ID match no
/// witness are ignored and never counted; a witness counts at most once however many of its
/// lines verify; a line from a known witness that does not verify is not counted.
public struct WitnessPolicy: Hashable, Sendable {
    /// The trusted witnesses' cosignature keys (type 0x04), no two with the same name and key ID.
    public let witnesses: [VerifierKey]
    /// How many distinct witnesses must have cosigned: between 0 and `witnesses.count`.
    public let threshold: Int

    /// A witness's verified cosignature.
    public struct VerifiedCosignature: Hashable, Sendable {
        /// The witness's key.
        public let witness: VerifierKey
        /// The cosignature's timestamp, seconds since the POSIX epoch.
        public let timestamp: UInt64
        /// The signature line as it appears in the note.
        public let signature: NoteSignature
    }

    /// Creates a policy requiring `threshold` of `witnesses`.
    ///
    /// Throws ``NotesError/Code/wrongKeyType`` for a key that is not a `cosignature/v1` key,
    /// ``NotesError/Code/ambiguousKey`` for two keys with the same name and key ID, and
    /// ``NotesError/Code/badPolicy`` unless `0 ≤ threshold ≤ witnesses.count`.
    public init(witnesses: [VerifierKey], threshold: Int) throws(NotesError) {
        var seen = Set<KeyRef>()
        for key in witnesses {
            guard key.type == .cosignatureV1 else {
                throw NotesError(.wrongKeyType, "the witness key \(key.name) is not a cosignature/v1 key (type 0x04)")
            }
            guard seen.insert(KeyRef(name: key.name, keyID: key.keyID)).inserted else {
                throw NotesError(.ambiguousKey, "two witness keys are named \(key.name) with ID \(KeyID.hex(key.keyID))")
            }
        }
        guard threshold >= 0 else {
            throw NotesError(.badPolicy, "a quorum counts witnesses; it cannot be \(threshold)")
        }
        guard threshold <= witnesses.count else {
            throw NotesError(
                .badPolicy,
                "quorum \(threshold) needs at least \(threshold) witnesses; this policy lists \(witnesses.count)")
        }
        self.witnesses = witnesses
        self.threshold = threshold
    }

    /// The witnesses whose `cosignature/v1` cosignature on the note's text verifies, one entry
    /// per witness (its first valid line), in the order of ``witnesses``.
    ///
    /// Never throws: lines from unknown keys, malformed lines and lines that fail are skipped.
    public func verifiedCosignatures(on note: Note) -> [VerifiedCosignature] {
        let text = Array(note.text.utf8)
        var found: [KeyRef: VerifiedCosignature] = [:]
        let known = Dictionary(uniqueKeysWithValues: witnesses.map { (KeyRef(name: $0.name, keyID: $0.keyID), $0) })
        for line in note.signatures {
            let ref = KeyRef(name: line.name, keyID: line.keyID)
            guard found[ref] == nil, let key = known[ref] else { continue }
            // c2sp.org/tlog-cosignature §Ed25519 signed message, checked by the key's type.
            guard key.isValidSignature(line.signature, forText: text), let cosignature = try? Cosignature(line) else {
                continue
            }
            found[ref] = VerifiedCosignature(witness: key, timestamp: cosignature.timestamp, signature: line)
        }
        return witnesses.compactMap { found[KeyRef(name: $0.name, keyID: $0.keyID)] }
    }

    /// Whether at least ``threshold`` distinct witnesses cosigned the note.
    public func isSatisfied(by note: Note) -> Bool {
        verifiedCosignatures(on: note).count >= threshold
    }

    /// Returns the verified cosignatures if at least ``threshold`` distinct witnesses cosigned the
    /// note, and throws ``NotesError/Code/quorumNotMet`` (saying how many verified) otherwise.
    public func check(_ note: Note) throws(NotesError) -> [VerifiedCosignature] {
        let verified = verifiedCosignatures(on: note)
        guard verified.count >= threshold else {
            throw NotesError(
                .quorumNotMet, "\(verified.count) of the \(threshold) witness cosignatures required verify")
        }
        return verified
    }
}
