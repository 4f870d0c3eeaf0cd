// The reads of the log's API (specs/http-api.md), all bounded by the latest signed tree head.
public import Merkle
import Notes
import Statements

extension LogService {
    /// The checkpoint served at `/checkpoint`: without witnesses, the latest signed one; with
    /// witnesses, the newest one whose cosignatures satisfy the quorum — or, failing open, the
    /// latest signed one when it is newer. Throws ``LogEngineError/Code/noQuorum`` when failing
    /// closed before any checkpoint has reached the quorum.
    public func publishedCheckpoint() throws(LogEngineError) -> [UInt8] {
        let latest = treeHead
        guard let cosigner else { return latest.note.encoded }
        let published = cosigner.publishedNote
        if cosigner.policy.failOpen {
            if let published, (try? Checkpoint(text: published.text))?.treeSize == latest.treeSize {
                return published.encoded
            }
            return latest.note.encoded
        }
        guard let published else {
            throw LogEngineError(.noQuorum, "no checkpoint has reached the witness quorum yet")
        }
        return published.encoded
    }

    /// The data of a hash tile or entry bundle of the published tree (c2sp.org/tlog-tiles).
    ///
    /// A tile is served when the published tree holds all of its hashes: a full tile once it is
    /// full, a partial tile of width W once the tree has at least W hashes in it — so every
    /// partial tile of every checkpoint ever published stays servable, as a prefix of the stored
    /// tile. Throws ``LogEngineError/Code/notFound`` otherwise.
    public func tile(_ path: TilePath) throws -> [UInt8] {
        let tile = path.tile
        let size = treeHead.treeSize
        // Hashes at tile level L: one per 256^L leaves.
        let count = tile.level * Tile.height >= 64 ? 0 : size >> UInt64(tile.level * Tile.height)
        let available = count >> 8 > tile.index || (count >> 8 == tile.index && Int(count & 0xff) >= tile.width)
        guard available else {
            throw LogEngineError(.notFound, "\(path.path) is not in the tree of size \(size)")
        }
        switch path {
        case .hashes:
            guard let data = try storage.tileData(level: tile.level, index: tile.index, width: tile.width) else {
                throw LogEngineError(.storage, "\(path.path) is missing from storage")
            }
            return data
        case .entries:
            let first = tile.index << UInt64(Tile.height)
            let entries = try storage.entries(from: first, count: tile.width)
            guard entries.count == tile.width else {
                throw LogEngineError(.storage, "\(path.path) is missing entries in storage")
            }
            return try EntryBundle(entries: entries).encoded
        }
    }

    /// The entry at `index`, as stored (the statement with an empty unprotected header).
    public func entry(at index: UInt64) throws -> [UInt8] {
        let size = treeHead.treeSize
        guard index < size, let entry = try storage.entries(from: index, count: 1).first else {
            throw LogEngineError(.notFound, "entry \(index) is not in the tree of size \(size)")
        }
        return entry
    }

    /// The proof of entry `index` against the checkpoint of size `treeSize` (the latest when
    /// nil).
    public func proof(index: UInt64, treeSize: UInt64? = nil) throws -> RegistrationAnswer {
        let head = try treeHead(size: treeSize ?? treeHead.treeSize)
        let proof = try inclusionProof(index: index, head: head)
        let leafHash = Hash.leaf(try entry(at: index))
        return RegistrationAnswer(index: index, leafHash: leafHash, treeHead: head, inclusionProof: proof)
    }

    /// The index of the entry whose RFC 6962 leaf hash is `leafHash`, when the published tree
    /// holds it.
    public func lookup(leafHash: Hash) throws -> UInt64 {
        guard let index = try storage.index(ofLeafHash: leafHash), index < treeHead.treeSize else {
            throw LogEngineError(.notFound, "no entry has leaf hash \(leafHash)")
        }
        return index
    }

    /// The consistency proof between the trees of sizes `oldSize` and `newSize` (RFC 9162
    /// §2.1.4); `newSize` defaults to the latest checkpoint's. From size 0 the proof is empty:
    /// RFC 9162 §2.1.4.1 defines proofs for 0 < `oldSize` only, and every tree extends the empty
    /// one, so there is nothing to prove (as c2sp.org/tlog-witness has it for old size 0).
    /// Throws ``LogEngineError/Code/badRequest`` unless `oldSize ≤ newSize`, and
    /// ``LogEngineError/Code/notFound`` when `newSize` is past the published tree.
    public func consistencyProof(from oldSize: UInt64, to newSize: UInt64? = nil) throws -> ConsistencyProof {
        let size = treeHead.treeSize
        let newSize = newSize ?? size
        guard newSize <= size else {
            throw LogEngineError(.notFound, "size \(newSize) is past the published tree of size \(size)")
        }
        guard oldSize <= newSize else {
            throw LogEngineError(.badRequest, "from (\(oldSize)) must not exceed to (\(newSize))")
        }
        // Merkle's builder refuses size 0, which would surface as a 500.
        if oldSize == 0 { return ConsistencyProof(oldSize: 0, newSize: newSize, hashes: []) }
        return try ConsistencyProof(
            oldSize: oldSize, newSize: newSize, reader: StoredTileHashReader(storage: storage, cache: fullTiles))
    }

    /// The first checkpoint with a witness quorum that covers entry `index`: the stored checkpoint
    /// of smallest size above `index` whose cosignatures satisfy the log's witness policy. Its
    /// cosignature timestamps bound when the entry was logged (specs/evidence.md §Time). Throws
    /// ``LogEngineError/Code/notFound`` when the log has no witnesses, or no witnessed checkpoint
    /// covers the entry yet (the next round may publish one).
    public func firstWitnessedCheckpoint(covering index: UInt64) throws -> [UInt8] {
        guard let cosigner else {
            throw LogEngineError(.notFound, "this log has no witnesses, so no checkpoint is witnessed")
        }
        let policy = cosigner.policy.policy
        var size = index + 1
        // Checkpoints are stored per batch and witnessed per round; a round publishes the latest
        // checkpoint, so the scan meets a witnessed one within a round's batches.
        for _ in 0..<Self.maxWitnessedScan {
            guard let (treeSize, bytes) = try storage.checkpoint(atLeast: size) else { break }
            if let note = try? Note(parsing: bytes), policy.isSatisfied(by: note) { return bytes }
            size = treeSize + 1
        }
        throw LogEngineError(
            .notFound, "no checkpoint with a witness quorum covers entry \(index) yet; retry after the next witnessing round")
    }

    /// The most stored checkpoints ``firstWitnessedCheckpoint(covering:)`` reads.
    static var maxWitnessedScan: Int { 1_000_000 }
}
