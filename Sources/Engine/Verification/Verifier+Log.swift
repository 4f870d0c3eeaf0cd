// specs/verify.md, "Verification", steps 1–3: the log layers. The checkpoint must be signed by the
// policy's log key (c2sp.org/signed-note, c2sp.org/tlog-checkpoint), the inclusion proof must lead
// from the statement to its root (RFC 9162 §2.1.3.2), a quorum of the policy's witnesses must have
// cosigned it (c2sp.org/tlog-cosignature), and a COSE receipt, if present, must be the log's
// receipt for the statement (RFC 9942 §5.2.1).
import Merkle
import Notes
import Statements

extension Verifier {
    /// Step 1: the checkpoint's origin, the log's signature on the checkpoint and the inclusion
    /// proof. The origin is compared first, so that a bundle from another log is reported as
    /// such (`ORIGIN_MISMATCH`) rather than as a bad signature; a failure names both sides, what
    /// the policy expects and what the bundle carries.
    func logInclusion(_ bundle: ReceiptBundle) -> ClaimCheck {
        func failed(_ code: VerificationError.Code, _ reason: String) -> ClaimCheck {
            ClaimCheck(layer: .logInclusion, verdict: .failed, required: true, code: code.description, reason: reason)
        }
        let key = policy.logKey
        let checkpoint = bundle.checkpoint
        guard checkpoint.origin == policy.origin else {
            return failed(
                .originMismatch,
                "the bundle's checkpoint is from origin \"\(checkpoint.origin.prefix(128))\"; the trust policy's log is \"\(policy.origin)\""
                    + " (checkpoint signed by \(Self.signers(of: bundle.note)))")
        }
        do {
            _ = try bundle.note.verify(with: [key])
        } catch {
            let reason =
                error.code == .unverifiedNote
                ? "the checkpoint is signed by \(Self.signers(of: bundle.note)), not by the trust policy's log key \(key.name)+\(key.hexKeyID)"
                : "the checkpoint's signature by the log key \(key.name)+\(key.hexKeyID) does not verify"
            return failed(.checkpointUnverified, reason)
        }
        do {
            try bundle.checkInclusion()
        } catch {
            return failed(.inclusionFailed, error.message)
        }
        return ClaimCheck(
            layer: .logInclusion, verdict: .verified, required: true,
            reason: "entry \(bundle.index) of \(checkpoint.origin) at tree size \(checkpoint.treeSize), checkpoint signed by \(key.name)+\(key.hexKeyID)")
    }

    /// The keys that signed a note, as `name+keyID` (c2sp.org/signed-note), at most eight, or
    /// "no key" for a note without signatures.
    static func signers(of note: Note) -> String {
        let lines = note.signatures.map { "\($0.name.prefix(128))+\(VerifierKey.hex(keyID: $0.keyID))" }
        guard !lines.isEmpty else { return "no key" }
        let more = lines.count > 8 ? " and \(lines.count - 8) more" : ""
        return lines.prefix(8).joined(separator: ", ") + more
    }

    /// Step 2: the witness quorum, counted by Notes' `WitnessPolicy` as c2sp.org/tlog-cosignature
    /// counts: lines from keys not in the policy are ignored, a witness counts once, and a line
    /// from a policy witness that does not verify is not counted, but is reported. Returns the
    /// line and, when the quorum is met, the time by which it was: with a quorum of k, the k-th
    /// earliest counted cosignature time (the earliest k − 1 witnesses alone do not make a
    /// quorum, so their timestamps prove nothing about when the quorum held).
    func witnessQuorum(_ bundle: ReceiptBundle) -> (check: ClaimCheck, quorumTime: UInt64?) {
        guard let witnesses = policy.witnessPolicy else {
            return (
                ClaimCheck(
                    layer: .witnessQuorum, verdict: .notChecked, required: false,
                    code: VerificationError.Code.notRequested.description, reason: "the policy names no witnesses"),
                nil
            )
        }
        let note = bundle.note
        let counted = witnesses.verifiedCosignatures(on: note)
        let checkpoint = try? Checkpoint(text: note.text)
        var failing = [String]()
        var unknown = 0
        for line in note.signatures {
            if line.name == policy.logKey.name && line.keyID == policy.logKey.keyID { continue }
            guard let key = witnesses.witnesses.first(where: { $0.name == line.name && $0.keyID == line.keyID }) else {
                unknown += 1
                continue
            }
            // A line of a policy witness that is not a valid cosignature of this checkpoint (a bad
            // signature, a cosignature of another checkpoint): reported, not counted.
            if let checkpoint, (try? key.verifyCosignature(line, on: checkpoint)) != nil { continue }
            failing.append(key.name)
        }
        let failingNote =
            failing.isEmpty
            ? "" : "; \(failing.count) cosignature line(s) of policy witnesses did not verify and were not counted (\(failing.joined(separator: ", ")))"
        let ignoredNote = unknown == 0 ? "" : "; \(unknown) signature line(s) from keys not in the policy ignored"
        let names = counted.map { "\($0.witness.name) at \(UnixTime.text($0.timestamp))" }.joined(separator: ", ")
        let total = witnesses.witnesses.count
        if counted.count >= witnesses.threshold {
            return (
                ClaimCheck(
                    layer: .witnessQuorum, verdict: .verified, required: true,
                    reason: "\(counted.count) of \(total) policy witnesses cosigned (quorum \(witnesses.threshold)): \(names)\(failingNote)\(ignoredNote)"),
                counted.map(\.timestamp).sorted()[witnesses.threshold - 1]
            )
        }
        // No policy witness's line at all: a log-only checkpoint, an input that is missing rather
        // than wrong (`bundle refresh` adds it). Too few, or lines that fail, is a failure.
        if counted.isEmpty && failing.isEmpty {
            return (
                ClaimCheck(
                    layer: .witnessQuorum, verdict: .notChecked, required: true,
                    code: VerificationError.Code.noCosignatures.description,
                    reason: "no witness of the policy cosigned the checkpoint (quorum \(witnesses.threshold) of \(total))\(ignoredNote)"),
                nil
            )
        }
        let who = counted.isEmpty ? "" : " (\(counted.map(\.witness.name).joined(separator: ", ")))"
        return (
            ClaimCheck(
                layer: .witnessQuorum, verdict: .failed, required: true,
                code: VerificationError.Code.quorumNotMet.description,
                reason: "\(counted.count) of the policy's \(total) witnesses cosigned\(who); the quorum is \(witnesses.threshold)\(failingNote)\(ignoredNote)"),
            nil
        )
    }

    /// Step 3: the COSE receipt, optional. A receipt that does not parse, or does not verify,
    /// fails this layer only.
    func coseReceipt(_ bundle: ReceiptBundle) -> ClaimCheck {
        let code = VerificationError.Code.coseReceiptInvalid.description
        func failed(_ reason: String) -> ClaimCheck {
            ClaimCheck(layer: .coseReceipt, verdict: .failed, required: false, code: code, reason: reason)
        }
        let receipt: COSEReceipt
        switch bundle.parsedCOSEReceipt {
        case nil:
            return ClaimCheck(
                layer: .coseReceipt, verdict: .notChecked, required: false,
                code: VerificationError.Code.coseReceiptMissing.description, reason: "the bundle carries no COSE receipt")
        case .failure(let error):
            return failed("the COSE receipt is not an RFC 9942 receipt: \(error.code): \(error.message)")
        case .success(let parsed):
            receipt = parsed
        }
        guard receipt.proofs.contains(where: { $0.leafIndex == bundle.index }) else {
            let leaves = receipt.proofs.map { String($0.leafIndex) }.joined(separator: ", ")
            return failed("the COSE receipt is for leaf \(leaves), not \(bundle.index)")
        }
        let origin = bundle.checkpoint.origin
        if let issuer = receipt.issuer, !issuer.utf8.elementsEqual(origin.utf8) {
            return failed("the COSE receipt's issuer (CWT iss) is \"\(issuer)\", not the log's origin \"\(origin)\"")
        }
        do {
            try receipt.verify(entry: bundle.statement, key: policy.logKey.publicKey, leafIndex: bundle.index)
        } catch {
            return failed("\(error.code): \(error.message)")
        }
        let proof = receipt.proofs.first { $0.leafIndex == bundle.index } ?? receipt.proof
        let issuer = receipt.issuer.map { ", issuer \"\($0)\"" } ?? ", without CWT claims"
        return ClaimCheck(
            layer: .coseReceipt, verdict: .verified, required: false,
            reason: "RFC 9942 receipt for leaf \(proof.leafIndex) of tree size \(proof.treeSize)\(issuer), signed by the log key")
    }
}
