// Start-up: before any write is accepted, the stored state must match the last signed
// checkpoint (DESIGN.md §6, §8).
import Logging
import LogStorage
import Merkle
import Notes

extension Sequencer {
    /// The metadata key of the log's origin, stored on first start.
    static let originKey = "origin"
    /// The metadata key of the log's verifier key, stored on first start.
    static let verifierKeyKey = "verifier_key"

    /// Checks the stored state and returns the tree and its latest signed head.
    ///
    /// - The stored origin and verifier key, if any, must be this log's: one directory never
    ///   holds two logs, and a log never changes its key.
    /// - The latest stored checkpoint must carry the log's signature, and the stored tiles must
    ///   give its root at its size.
    /// - The stored tree state must be at least that size, and the stored tiles must give its
    ///   root too.
    /// - If the tree is larger than the latest checkpoint (a crash between the commit of a batch
    ///   and the commit of its checkpoint), or there is no checkpoint yet, it signs and stores a
    ///   checkpoint for the stored tree.
    ///
    /// Throws ``LogEngineError/Code/inconsistentState`` when a check fails, and
    /// ``LogEngineError/Code/storage`` when storage does.
    static func recover(
        storage: any LogStorage, signer: LogSigner, logger: Logger
    ) throws(LogEngineError) -> (range: CompactRange, head: TreeHead) {
        do {
            let origin = Array(signer.key.name.utf8)
            let vkey = Array(signer.verifierKey.encoded.utf8)
            if let stored = try storage.metadata(originKey), stored != origin {
                throw LogEngineError(
                    .inconsistentState,
                    "the data directory holds the log \"\(String(decoding: stored, as: UTF8.self))\", not \"\(signer.key.name)\"")
            }
            if let stored = try storage.metadata(verifierKeyKey), stored != vkey {
                throw LogEngineError(
                    .inconsistentState,
                    "the data directory's log was signed by \(String(decoding: stored, as: UTF8.self)), not by this key")
            }

            let range = try storage.metadata(CompactRange.metadataKey).map(CompactRange.init(stateEncoding:)) ?? .empty
            let reader = StoredTileHashReader(storage: storage)
            guard try treeHash(size: range.size, reader: reader) == range.rootHash else {
                throw LogEngineError(.inconsistentState, "the stored tiles do not give the stored tree's root at size \(range.size)")
            }
            var head: TreeHead?
            if let (size, note) = try storage.latestCheckpoint() {
                let signed = try TreeHead(stored: note, signer: signer)
                guard signed.treeSize == size, size <= range.size else {
                    throw LogEngineError(
                        .inconsistentState,
                        "the latest checkpoint is for size \(signed.treeSize), the stored tree has \(range.size) entries")
                }
                guard try treeHash(size: size, reader: reader) == signed.rootHash else {
                    throw LogEngineError(.inconsistentState, "the stored tiles do not give the root of the checkpoint at size \(size)")
                }
                head = signed
            }

            var commit = StorageCommit()
            commit.metadata = [(originKey, origin), (verifierKeyKey, vkey)]
            if head == nil || head!.treeSize < range.size {
                let signed = try signer.signTreeHead(treeSize: range.size, rootHash: range.rootHash)
                commit.checkpoints = [(signed.treeSize, signed.note.encoded)]
                logger.info("signed a checkpoint for the stored tree", metadata: ["size": "\(range.size)"])
                head = signed
            }
            try storage.commit(commit)
            return (range, head!)
        } catch let error as LogEngineError {
            throw error
        } catch let error as LogStorageError {
            throw LogEngineError(.storage, error.message)
        } catch {
            throw LogEngineError(.inconsistentState, "\(error)")
        }
    }
}
