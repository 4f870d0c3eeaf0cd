// A k-of-n witness policy over a checkpoint's cosignatures (c2sp.org/tlog-cosignature,
// c2sp.org/tlog-witness): the checkpoint counts as witnessed when at least k distinct witnesses of
// the policy have cosigned it. Cosignatures from keys not in the policy are ignored, never
// counted (c2sp.org/signed-note: "unknown keys are ignored"); a cosignature line from a policy
// witness that does not verify rejects the checkpoint, as a known key's failing signature rejects
// a note.
public import Notes

/// A witness policy: n `cosignature/v1` witness keys and the quorum k of them that must cosign.
///
/// Immutable and safe to share between tasks.
public struct WitnessQuorum: Hashable, Sendable {
    /// The witnesses' verifier keys (type 0x04), in policy order.
    public let witnesses: [VerifierKey]
    /// How many distinct witnesses must cosign: 1…``witnesses``.count.
    public let threshold: Int

    /// One counted cosignature: the witness and the timestamp it cosigned at.
    public struct Cosigner: Hashable, Sendable {
        /// The witness's key.
        public let witness: VerifierKey
        /// The cosignature's timestamp, in seconds since the POSIX epoch.
        public let timestamp: UInt64
    }

    /// What ``check(_:)`` found on a note that met the quorum.
    public struct Result: Hashable, Sendable {
        /// The distinct policy witnesses whose cosignatures verified, in policy order.
        public let cosigners: [Cosigner]
        /// How many signature lines were from keys not in the policy, and were ignored.
        public let ignored: Int
        /// The latest timestamp among the counted cosignatures.
        public var latestTimestamp: UInt64 { cosigners.map(\.timestamp).max() ?? 0 }
    }

    /// Creates a policy of `threshold` out of `witnesses`.
    ///
    /// Throws ``VerificationError/Code/badQuorum`` unless every key is a `cosignature/v1` key
    /// (type 0x04), no two keys share a name and key ID, and `threshold` is 1…n.
    public init(witnesses: [VerifierKey], threshold: Int) throws(VerificationError) {
        var seen = Set<WitnessRef>()
        for witness in witnesses {
            guard witness.type == .cosignatureV1 else {
                throw VerificationError(.badQuorum, "witness \(witness.name) is not a cosignature/v1 key (type 0x04)")
            }
            guard seen.insert(WitnessRef(witness)).inserted else {
                throw VerificationError(.badQuorum, "witness \(witness.name)+\(witness.hexKeyID) is listed twice")
            }
        }
        guard !witnesses.isEmpty, (1...witnesses.count).contains(threshold) else {
            throw VerificationError(
                .badQuorum, "a quorum is 1…\(witnesses.count) of \(witnesses.count) witnesses, not \(threshold)")
        }
        self.witnesses = witnesses
        self.threshold = threshold
    }

    /// Counts the policy witnesses that cosigned the checkpoint in `note` and checks the quorum.
    ///
    /// Every signature line whose name and key ID match a policy witness must be a valid
    /// `cosignature/v1` on the note's checkpoint (``VerifierKey/verifyCosignature(_:on:)``); a
    /// witness that signs more than once counts once. Lines from other keys (the log's own
    /// signature, unknown witnesses) are ignored. The note's own signature is not checked here.
    ///
    /// Throws ``VerificationError/Code/cosignatureInvalid`` if a policy witness's line does not
    /// verify or the note is not a checkpoint, ``VerificationError/Code/noCosignatures`` if no
    /// policy witness cosigned, and ``VerificationError/Code/quorumNotMet`` if fewer than
    /// ``threshold`` did. The messages say how many were counted and ignored.
    public func check(_ note: Note) throws(VerificationError) -> Result {
        let checkpoint: Checkpoint
        do {
            checkpoint = try Checkpoint(text: note.text)
        } catch {
            throw VerificationError(.cosignatureInvalid, "the note is not a checkpoint: \(error.message)")
        }
        var byRef = [WitnessRef: Int]()
        for (i, witness) in witnesses.enumerated() { byRef[WitnessRef(witness)] = i }
        var timestamps = [Int: UInt64]()
        var ignored = 0
        for signature in note.signatures {
            guard let i = byRef[WitnessRef(name: signature.name, keyID: signature.keyID)] else {
                ignored += 1
                continue
            }
            let timestamp: UInt64
            do {
                timestamp = try witnesses[i].verifyCosignature(signature, on: checkpoint)
            } catch {
                throw VerificationError(
                    .cosignatureInvalid, "the cosignature of witness \(witnesses[i].name): \(error.message)")
            }
            timestamps[i] = max(timestamps[i] ?? 0, timestamp)
        }
        let cosigners = timestamps.keys.sorted().map { Cosigner(witness: witnesses[$0], timestamp: timestamps[$0]!) }
        let ignoredNote = ignored == 0 ? "" : "; \(ignored) signature line(s) from keys not in the policy ignored"
        guard !cosigners.isEmpty else {
            throw VerificationError(
                .noCosignatures, "no witness of the policy cosigned the checkpoint (quorum \(threshold) of \(witnesses.count))\(ignoredNote)")
        }
        guard cosigners.count >= threshold else {
            throw VerificationError(
                .quorumNotMet,
                "\(cosigners.count) of the policy's \(witnesses.count) witnesses cosigned (\(cosigners.map(\.witness.name).joined(separator: ", "))); the quorum is \(threshold)\(ignoredNote)")
        }
        return Result(cosigners: cosigners, ignored: ignored)
    }
}

/// A witness's identity among signature lines: its name and key ID.
private struct WitnessRef: Hashable {
    let name: String
    let keyID: UInt32
    init(name: String, keyID: UInt32) {
        self.name = name
        self.keyID = keyID
    }
    init(_ key: VerifierKey) { self.init(name: key.name, keyID: key.keyID) }
}

extension VerifierKey {
    /// The key ID as eight lower-case hex digits.
    var hexKeyID: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        for shift in stride(from: 28, through: 0, by: -4) { out.append(digits[Int(keyID >> UInt32(shift) & 0xF)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
