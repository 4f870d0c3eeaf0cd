// The record a witness keeps per log: the latest checkpoint it cosigned.
public import Merkle
public import Notes

/// The latest checkpoint a witness cosigned for one log: the signed note (the log's verified
/// signatures, then the witness's cosignature) and the checkpoint parsed from its text.
public struct StoredCheckpoint: Hashable, Sendable {
    /// The cosigned note, as served at `GET /checkpoint/<origin-hash>`.
    public let note: Note
    /// The checkpoint in the note's text.
    public let checkpoint: Checkpoint

    /// The tree size the witness cosigned.
    public var treeSize: UInt64 { checkpoint.treeSize }
    /// The root hash the witness cosigned.
    public var rootHash: Hash { checkpoint.rootHash }

    init(note: Note, checkpoint: Checkpoint) {
        self.note = note
        self.checkpoint = checkpoint
    }

    /// The cosignature by `key` on the note, or nil when it carries none.
    func cosignature(by key: SignerKey) -> Cosignature? {
        note.signatures.last { $0.keyID == key.keyID && $0.name.utf8.elementsEqual(key.name.utf8) }
            .flatMap { try? Cosignature($0) }
    }

    /// Decodes a stored value. Throws ``WitnessEngineError/Code/storage`` unless it is a signed
    /// note whose text is a checkpoint of `origin` (the same bytes).
    init(stored bytes: [UInt8], origin: LogOrigin) throws(WitnessEngineError) {
        do {
            let note = try Note(parsing: bytes)
            let checkpoint = try Checkpoint(text: note.text)
            guard LogOrigin(checkpoint.origin) == origin else {
                throw WitnessEngineError(.storage, "the checkpoint stored for \(origin) has origin \(checkpoint.origin)")
            }
            self.init(note: note, checkpoint: checkpoint)
        } catch let error as WitnessEngineError {
            throw error
        } catch {
            throw WitnessEngineError(.storage, "the checkpoint stored for \(origin) is corrupt: \(error)")
        }
    }
}
