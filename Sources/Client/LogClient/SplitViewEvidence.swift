// The evidence a monitor keeps when two signed views of a log cannot both be true
// (specs/monitor.md, "Evidence"): self-contained, checkable by anyone with the log's verifier key.
public import Merkle
public import Notes

/// Two signed checkpoints of one log that are inconsistent, and the proof that fails.
public struct SplitViewEvidence: Sendable {
    /// What is wrong, in one line.
    public let reason: String
    /// Where checkpoint A came from (the log's URL, a witness's URL, the monitor's state).
    public let sourceA: String
    /// Checkpoint A, as signed.
    public let noteA: Note
    /// Where checkpoint B came from.
    public let sourceB: String
    /// Checkpoint B, as signed.
    public let noteB: Note
    /// The consistency proof from A's size to B's size that was checked, when one was.
    public let proof: [Hash]?

    /// Evidence that checkpoint A (`noteA`, from `sourceA`) and B cannot both be true, for
    /// `reason`, with the proof from A to B that failed when one was checked.
    public init(reason: String, sourceA: String, noteA: Note, sourceB: String, noteB: Note, proof: [Hash]?) {
        self.reason = reason
        self.sourceA = sourceA
        self.noteA = noteA
        self.sourceB = sourceB
        self.noteB = noteB
        self.proof = proof
    }

    /// The evidence file's text (`receiptlog split-view evidence v1`): the reason, both signed
    /// notes with their sources, and the proof, one base64 hash per line.
    public var text: String {
        var out = "receiptlog split-view evidence v1\n"
        out += "reason: \(reason)\n"
        out += "\n-- checkpoint A (\(sourceA)) --\n" + String(decoding: noteA.encoded, as: UTF8.self)
        out += "\n-- checkpoint B (\(sourceB)) --\n" + String(decoding: noteB.encoded, as: UTF8.self)
        if let proof {
            out += "\n-- consistency proof from A to B (RFC 9162 §2.1.4; one base64 hash per line) --\n"
            for h in proof { out += Base64.encode(h.bytes) + "\n" }
        }
        return out
    }
}
