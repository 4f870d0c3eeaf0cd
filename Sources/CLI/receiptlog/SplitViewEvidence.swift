// The evidence `receiptlog monitor` writes when two signed views of a log cannot both be true
// (specs/monitor.md): self-contained, checkable by anyone with the log's verifier key.
import Foundation
import Merkle
import Notes

/// Two signed checkpoints of one log that are inconsistent, and the proof that fails.
struct SplitViewEvidence {
    /// What is wrong, in one line.
    let reason: String
    /// Where each checkpoint came from (the log's URL, a witness's URL, the monitor's state).
    let sourceA: String
    let noteA: Note
    let sourceB: String
    let noteB: Note
    /// The consistency proof from A's size to B's size that was checked, when one was.
    let proof: [Hash]?

    /// The file's text.
    var text: String {
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

    /// Writes the evidence to a new file at `path` (never overwriting).
    func write(to path: String) throws(CommandFailure) {
        try InputFile.create(path, bytes: Array(text.utf8), mode: 0o644, what: "evidence file")
    }
}
