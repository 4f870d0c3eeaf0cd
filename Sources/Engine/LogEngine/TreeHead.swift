// A signed tree head: the checkpoint note and the COSE tree-head signature over the same tree.
public import Merkle
public import Notes
public import Statements

/// A tree head the log signed: its checkpoint note (c2sp.org/tlog-checkpoint, possibly with
/// cosignatures) and its COSE receipt signature (RFC 9942), both over the same size and root.
public struct TreeHead: Sendable {
    /// The signed checkpoint note.
    public let note: Note
    /// The checkpoint in the note.
    public let checkpoint: Checkpoint
    /// The COSE signature over the same tree head, shared by every entry's receipt.
    public let receiptSignature: COSEReceipt.TreeHeadSignature

    /// The tree size.
    public var treeSize: UInt64 { checkpoint.treeSize }
    /// The root hash.
    public var rootHash: Hash { checkpoint.rootHash }

    init(note: Note, checkpoint: Checkpoint, signer: LogSigner) {
        self.note = note
        self.checkpoint = checkpoint
        self.receiptSignature = COSEReceipt.TreeHeadSignature(
            treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash,
            keyID: signer.coseKeyID, key: signer.key.privateKey)
    }

    /// Parses a stored checkpoint note and checks that `signer`'s key signed it; throws
    /// ``LogEngineError/Code/inconsistentState`` otherwise.
    init(stored bytes: [UInt8], signer: LogSigner) throws(LogEngineError) {
        do {
            let note = try Note(parsing: bytes)
            _ = try note.verify(with: [signer.verifierKey])
            let checkpoint = try Checkpoint(text: note.text)
            guard checkpoint.origin == signer.key.name else {
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
