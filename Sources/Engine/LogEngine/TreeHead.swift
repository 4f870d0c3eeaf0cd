// A signed tree head: the checkpoint note and the COSE tree-head signature over the same tree.
public import Merkle
public import Notes
public import Statements

/// A tree head the log signed: its checkpoint note (c2sp.org/tlog-checkpoint, possibly with
/// cosignatures) and its COSE receipt signature (RFC 9942), both over the same size and root.
public struct TreeHead: Sendable {
    /// The signed checkpoint note, with the cosignatures of its witnessing round once it has
    /// been published under a witness quorum.
    public private(set) var note: Note
    /// The checkpoint in the note.
    public let checkpoint: Checkpoint
    /// The COSE signature over the same tree head, shared by every entry's receipt.
    public let receiptSignature: COSEReceipt.TreeHeadSignature
    /// The checkpoint note with the log's own signature alone: what the log records, stores
    /// first and sends to witnesses. A stored note may also carry cosignatures from an earlier
    /// witnessing round; those never count again.
    public let logSignedNote: Note

    /// The tree size.
    public var treeSize: UInt64 { checkpoint.treeSize }
    /// The root hash.
    public var rootHash: Hash { checkpoint.rootHash }

    init(note: Note, checkpoint: Checkpoint, signer: LogSigner) {
        self.note = note
        self.checkpoint = checkpoint
        let own = note.signatures.filter { $0.keyID == signer.key.keyID && $0.name.utf8.elementsEqual(signer.key.name.utf8) }
        // A note reaches here signed by the log (signed now, or verified on load), so `own` is
        // never empty and the note is valid with fewer signatures.
        self.logSignedNote = own.count == note.signatures.count ? note : try! Note(text: note.text, signatures: own)
        self.receiptSignature = COSEReceipt.TreeHeadSignature(
            treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash, issuer: checkpoint.origin,
            keyID: signer.coseKeyID, key: signer.key.privateKey)
    }

    /// The same tree head with `cosigned`, a note of the same text that also carries
    /// cosignatures, as its note.
    func cosigned(_ cosigned: Note) -> TreeHead {
        precondition(cosigned.text == note.text, "bad math: a cosigned note of another checkpoint")
        var head = self
        head.note = cosigned
        return head
    }

    /// Parses a stored checkpoint note and checks that `signer`'s key signed it; throws
    /// ``LogEngineError/Code/inconsistentState`` otherwise.
    init(stored bytes: [UInt8], signer: LogSigner) throws(LogEngineError) {
        do {
            let note = try Note(parsing: bytes)
            _ = try note.verify(with: [signer.verifierKey])
            let checkpoint = try Checkpoint(text: note.text)
            // Origins are bytes (c2sp.org/signed-note): compared as such, never as Unicode text.
            guard Array(checkpoint.origin.utf8) == Array(signer.key.name.utf8) else {
                throw LogEngineError(.inconsistentState, "a stored checkpoint has origin \"\(checkpoint.origin)\"")
            }
            self.init(note: note, checkpoint: checkpoint, signer: signer)
        } catch let error as LogEngineError {
            throw error
        } catch {
            throw LogEngineError(.inconsistentState, "a stored checkpoint is not signed by the log key: \(error)")
        }
    }
}
