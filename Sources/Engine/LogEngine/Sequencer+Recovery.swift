// Start-up: before any write is accepted, the stored state must match the last signed
// checkpoint, and the store must not be behind what the key ever signed (DESIGN.md §6, §8;
// specs/http-api.md, "What the log keeps outside its store").
import Logging
import LogStorage
import Merkle
import Notes

extension Sequencer {
    /// The metadata key of the log's origin, stored with the store's first write.
    static let originKey = "origin"
    /// The metadata key of the log's verifier key, stored with the store's first write.
    static let verifierKeyKey = "verifier_key"

    /// Checks the stored state and returns the tree and its latest signed head.
    ///
    /// - The stored origin and verifier key must be this log's: one directory never holds two
    ///   logs, and a log never changes its key. A store that holds anything records both.
    /// - The signed-head record (kept outside the store) must carry this key's signature, and the
    ///   store must hold at least its tree, with its root: a store that is empty, restored from an
    ///   older backup or copied from another history is refused, since signing on would publish a
    ///   second history for sizes this key already signed.
    /// - An empty store with no record starts a log only when `newLog` says the key has never
    ///   signed a checkpoint (it was created now, or the operator said so).
    /// - The latest stored checkpoint must carry the log's signature, and the stored tiles must
    ///   give its root at its size.
    /// - The stored tree state must be at least that size, and the stored tiles must give its
    ///   root too.
    /// - If the tree is larger than the latest checkpoint (a crash between the commit of a batch
    ///   and the commit of its checkpoint), or there is no checkpoint yet, it signs a checkpoint
    ///   for the stored tree, records it, then stores it.
    ///
    /// Throws ``LogEngineError/Code/inconsistentState`` when a check fails (the message says what
    /// the operator can do), and ``LogEngineError/Code/storage`` when storage does.
    static func recover(
        storage: any LogStorage, record: any SignedHeadRecord, newLog: Bool, signer: LogSigner, logger: Logger
    ) throws(LogEngineError) -> (range: CompactRange, head: TreeHead) {
        do {
            let origin = Array(signer.key.name.utf8)
            let vkey = Array(signer.verifierKey.encoded.utf8)
            let storedOrigin = try storage.metadata(originKey)
            let storedKey = try storage.metadata(verifierKeyKey)
            if let storedOrigin, storedOrigin != origin {
                throw LogEngineError(
                    .inconsistentState,
                    "the store holds the log \"\(String(decoding: storedOrigin, as: UTF8.self))\", not \"\(signer.key.name)\"; use that log's key and origin, or another data directory")
            }
            if let storedKey, storedKey != vkey {
                throw LogEngineError(
                    .inconsistentState,
                    "the store belongs to the key \(String(decoding: storedKey, as: UTF8.self)), not to this one; use that key, or another data directory")
            }

            let range = try storage.metadata(CompactRange.metadataKey).map(CompactRange.init(stateEncoding:)) ?? .empty
            let latest = try storage.latestCheckpoint()
            let storeIsEmpty = storedOrigin == nil && storedKey == nil && range.size == 0 && latest == nil
            guard storeIsEmpty || (storedOrigin != nil && storedKey != nil) else {
                throw LogEngineError(
                    .inconsistentState, "the store holds a log but does not record its origin and key; it was not written by this log")
            }

            var recorded: TreeHead?
            if let bytes = try record.load() {
                do {
                    recorded = try TreeHead(stored: bytes, signer: signer)
                } catch {
                    throw LogEngineError(
                        .inconsistentState,
                        "the signed-head record (log.head) is not a checkpoint of this log signed by this key: \(error.message); it belongs with another key")
                }
            }
            if storeIsEmpty && recorded == nil && !newLog {
                throw LogEngineError(
                    .inconsistentState,
                    "the store is empty but the log key already exists and no signed head is recorded beside it; restore the log's store (and its log.head), or, only if this key has never signed a checkpoint, start once with --init")
            }
            if let recorded, range.size < recorded.treeSize {
                throw LogEngineError(
                    .inconsistentState,
                    "the store holds \(range.size) entries but this log already signed a checkpoint of size \(recorded.treeSize) (log.head): the store is older than what was published (a restored backup or a lost volume); restore a store that holds at least \(recorded.treeSize) entries — signing on from this one would fork the log")
            }

            let reader = StoredTileHashReader(storage: storage)
            guard try treeHash(size: range.size, reader: reader) == range.rootHash else {
                throw LogEngineError(.inconsistentState, "the stored tiles do not give the stored tree's root at size \(range.size)")
            }
            if let recorded, try treeHash(size: recorded.treeSize, reader: reader) != recorded.rootHash {
                throw LogEngineError(
                    .inconsistentState,
                    "the store's tree of size \(recorded.treeSize) is not the one this log signed (log.head): the store holds another history; restore this log's own store")
            }
            var head: TreeHead?
            if let (size, note) = latest {
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
                // Recorded before it is stored, as in every batch (Sequencer.sequence, step 5).
                try record.save(signed.logSignedNote.encoded)
                commit.checkpoints = [(signed.treeSize, signed.note.encoded)]
                logger.info("signed a checkpoint for the stored tree", metadata: ["size": "\(range.size)"])
                head = signed
            } else if recorded == nil || recorded!.treeSize < head!.treeSize {
                // A store from before the record existed, or a crash between storing a checkpoint
                // and recording it cannot happen (recorded first), so this is the former.
                try record.save(head!.logSignedNote.encoded)
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
