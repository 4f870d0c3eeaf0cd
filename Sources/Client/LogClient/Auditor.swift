// A full audit of a log (specs/audit.md): every checkpoint seen stays consistent, every entry
// bundle and every hash tile is fetched and checked against the tree recomputed from the entries,
// the recomputed root is the checkpoint's, and every statement's issuer signature is re-checked.
import Merkle
public import Notes
public import Statements
import Foundation

/// Audits one log against a checkpoint.
public struct Auditor: Sendable {
    /// What went wrong, and where.
    public struct Failure: Error, CustomStringConvertible {
        /// The first entry index the failure concerns, when one does.
        public let index: UInt64?
        /// What is wrong.
        public let message: String
        public var description: String { index.map { "entry \($0): \(message)" } ?? message }
    }

    /// The saved state cannot be used (another log's, or holding a checkpoint that does not
    /// parse): the audit could not run, which says nothing about the log.
    public struct StateFailure: Error, CustomStringConvertible {
        /// What is wrong with the state.
        public let message: String
        public var description: String { message }
    }

    /// The log.
    public let client: LogClient
    /// The log's key.
    public let key: VerifierKey
    /// The witness quorum the checkpoint must meet, if any.
    public let witnesses: WitnessPolicy?
    /// The registration checks to run on every entry again (issuer signatures); nil skips them.
    public let issuers: RegistrationPolicy?
    /// How many entry bundles are fetched at once.
    public var window = 16

    /// Creates an auditor.
    public init(client: LogClient, key: VerifierKey, witnesses: WitnessPolicy?, issuers: RegistrationPolicy?) {
        self.client = client
        self.key = key
        self.witnesses = witnesses
        self.issuers = issuers
    }

    /// Audits the log up to its current checkpoint, resuming from `state`; calls `save` after
    /// every window and `progress(done, total)` as entries are checked. Returns the checkpoint.
    public func run(
        state: inout AuditState, progress: (UInt64, UInt64) -> Void, save: (AuditState) throws -> Void
    ) async throws -> Checkpoint {
        let (note, checkpoint) = try await client.verifiedCheckpoint(key: key)
        if let witnesses {
            do {
                _ = try witnesses.check(note)
            } catch {
                throw Failure(index: nil, message: "the checkpoint of size \(checkpoint.treeSize) lacks the witness quorum: \(error.message)")
            }
        }
        guard state.origin == checkpoint.origin else {
            throw StateFailure(message: "the saved state is for \(state.origin), not \(checkpoint.origin)")
        }
        try await checkConsistency(with: checkpoint, seen: state.checkpoints)

        var range = try state.compactRange()
        guard range.size <= checkpoint.treeSize else {
            throw Failure(index: nil, message: "the log's checkpoint (size \(checkpoint.treeSize)) is smaller than the audited tree (\(range.size))")
        }
        var upper = try state.upper.map { try $0.map { try Hash(hex: $0) } }
        var position = range.size
        // Windows of bundles, starting at a bundle boundary; the next window is fetched while
        // the current one's signatures are checked.
        let size = checkpoint.treeSize
        let lastTile = size == 0 ? 0 : (size - 1) / UInt64(Tile.fullWidth)
        func windowTiles(from first: UInt64) -> [UInt64] { Array(first...min(lastTile, first + UInt64(window) - 1)) }
        func fetch(_ tiles: [UInt64]) -> Task<[CheckedBundle], any Error> {
            Task { try await fetchBundles(tiles, treeSize: size) }
        }
        var next = position < size ? fetch(windowTiles(from: position / UInt64(Tile.fullWidth))) : nil
        defer { next?.cancel() }
        while position < checkpoint.treeSize {
            let first = position / UInt64(Tile.fullWidth)
            let tiles = windowTiles(from: first)
            let bundles = try await next!.value
            next = tiles.last! < lastTile ? fetch(windowTiles(from: tiles.last! + 1)) : nil
            try await checkSignatures(bundles.map(\.bundle), first: first)
            for (n, bundle) in zip(tiles, bundles) {
                let start = n * UInt64(Tile.fullWidth)
                let step = Integration(appending: bundle.leafHashes, to: range)
                for level in step.storedLevels where level.tileLevel >= 1 {
                    while upper.count < level.tileLevel { upper.append([]) }
                    guard UInt64(upper[level.tileLevel - 1].count) == level.startIndex else {
                        throw Failure(index: start, message: "internal: level \(level.tileLevel) out of step")
                    }
                    upper[level.tileLevel - 1] += level.hashes
                }
                range = step.range
                position = range.size
                progress(position, checkpoint.treeSize)
                if position % UInt64(Tile.fullWidth) == 0 {
                    state.size = range.size
                    state.range = range.hashes.map(\.description)
                    state.upper = upper.map { $0.map(\.description) }
                }
            }
            // Saved at the last full bundle: a partial bundle is read again next time.
            try save(state)
        }
        guard range.rootHash == checkpoint.rootHash else {
            throw Failure(index: nil, message: "the entries give root \(range.rootHash), not the checkpoint's \(checkpoint.rootHash)")
        }
        try await checkUpperTiles(upper, treeSize: checkpoint.treeSize)
        if !state.checkpoints.contains(String(decoding: note.encoded, as: UTF8.self)) {
            state.checkpoints.append(String(decoding: note.encoded, as: UTF8.self))
        }
        try save(state)
        return checkpoint
    }

    /// Every checkpoint seen before must be consistent with `checkpoint` (proofs built from
    /// tiles authenticated against `checkpoint`). Tiles that do not match `checkpoint` are the
    /// log contradicting its own signed checkpoint: a ``Failure``, like a proof that fails.
    private func checkConsistency(with checkpoint: Checkpoint, seen: [String]) async throws {
        for text in seen {
            let old: Checkpoint
            do {
                let n = try Note(parsing: Array(text.utf8))
                old = try Checkpoint(text: n.text)
            } catch {
                throw StateFailure(message: "the saved state holds a checkpoint that does not parse: \(error)")
            }
            // RFC 9162 §2.1.1: the empty tree's root is SHA-256 of nothing, and every tree extends
            // the empty tree, so there is no proof to build from size 0.
            if old.treeSize == 0 {
                guard old.rootHash == .emptyTree else {
                    throw Failure(
                        index: nil, message: "the checkpoint of size 0 seen before has root \(old.rootHash), not the empty tree's (SHA-256 of nothing)")
                }
                continue
            }
            if old.treeSize >= checkpoint.treeSize {
                guard old.treeSize > checkpoint.treeSize || old.rootHash == checkpoint.rootHash else {
                    throw Failure(index: nil, message: "two checkpoints of size \(old.treeSize) with different roots")
                }
                continue
            }
            let proof: [Hash]
            do {
                proof = try await client.consistencyProof(from: old.treeSize, to: checkpoint)
            } catch {
                guard error.code == .verificationFailed else { throw error }
                throw Failure(
                    index: nil,
                    message: "checking the checkpoint of size \(old.treeSize) seen before against size \(checkpoint.treeSize): \(error.message)")
            }
            do {
                try ConsistencyProof(oldSize: old.treeSize, newSize: checkpoint.treeSize, hashes: proof)
                    .verify(oldRoot: old.rootHash, newRoot: checkpoint.rootHash)
            } catch {
                throw Failure(index: nil, message: "the checkpoint of size \(old.treeSize) seen before is not consistent with size \(checkpoint.treeSize)")
            }
        }
    }

    /// Fetches the entry bundles and level-0 tiles of `tiles` concurrently and checks that each
    /// bundle's leaf hashes are its tile's hashes.
    /// An entry bundle whose leaf hashes matched its level-0 tile.
    private struct CheckedBundle: Sendable {
        let bundle: EntryBundle
        let leafHashes: [Hash]
    }

    private func fetchBundles(_ tiles: [UInt64], treeSize: UInt64) async throws -> [CheckedBundle] {
        try await withThrowingTaskGroup(of: (Int, CheckedBundle).self) { group in
            for (i, n) in tiles.enumerated() {
                let width = Int(min(UInt64(Tile.fullWidth), treeSize - n * UInt64(Tile.fullWidth)))
                group.addTask {
                    let tile = try Tile(level: 0, index: n, width: width)
                    async let entries = client.tile(.entries(tile))
                    async let hashes = client.tile(.hashes(tile))
                    let start = n * UInt64(Tile.fullWidth)
                    let bundle: EntryBundle
                    do {
                        bundle = try EntryBundle(parsing: try await entries)
                    } catch let error as MerkleError {
                        throw Failure(index: start, message: "entry bundle \(TilePath.entries(tile).path) does not parse: \(error.message)")
                    }
                    guard bundle.entries.count == width else {
                        throw Failure(index: start, message: "entry bundle \(TilePath.entries(tile).path) holds \(bundle.entries.count) entries, not \(width)")
                    }
                    let data = try await hashes
                    guard data.count == width * Hash.count else {
                        throw Failure(index: start, message: "tile \(TilePath.hashes(tile).path) has \(data.count) bytes")
                    }
                    let leafHashes = bundle.leafHashes
                    for (j, leaf) in leafHashes.enumerated() where !leaf.bytes.elementsEqual(data[j * Hash.count..<(j + 1) * Hash.count]) {
                        throw Failure(index: start + UInt64(j), message: "its leaf hash is not the one in tile \(TilePath.hashes(tile).path)")
                    }
                    return (i, CheckedBundle(bundle: bundle, leafHashes: leafHashes))
                }
            }
            var out = [CheckedBundle?](repeating: nil, count: tiles.count)
            for try await (i, bundle) in group { out[i] = bundle }
            return out.map { $0! }
        }
    }

    /// Re-runs the registration checks on every entry of consecutive bundles (the first is
    /// level-0 tile `first`), one task per core; reports the lowest failing index.
    private func checkSignatures(_ bundles: [EntryBundle], first: UInt64) async throws {
        guard let issuers else { return }
        var entries: [(UInt64, [UInt8])] = []
        for (i, bundle) in bundles.enumerated() {
            let start = (first + UInt64(i)) * UInt64(Tile.fullWidth)
            for (j, e) in bundle.entries.enumerated() { entries.append((start + UInt64(j), e)) }
        }
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let all = entries
        let failures = await withTaskGroup(of: Failure?.self) { group in
            for part in 0..<cores {
                group.addTask {
                    for k in stride(from: part, to: all.count, by: cores) {
                        do throws(StatementsError) {
                            _ = try issuers.check(all[k].1)
                        } catch {
                            return Failure(index: all[k].0, message: "the registration checks fail: \(error.code): \(error.message)")
                        }
                    }
                    return nil
                }
            }
            return await group.reduce(into: [Failure]()) { if let f = $1 { $0.append(f) } }
        }
        if let lowest = failures.min(by: { ($0.index ?? 0) < ($1.index ?? 0) }) { throw lowest }
    }

    /// Fetches every hash tile above level 0 of the tree and compares it with the hashes
    /// computed from the entries.
    private func checkUpperTiles(_ upper: [[Hash]], treeSize: UInt64) async throws {
        for (i, hashes) in upper.enumerated() {
            let level = i + 1
            let count = treeSize >> UInt64(level * Tile.height)
            guard UInt64(hashes.count) == count else {
                throw Failure(index: nil, message: "internal: level \(level) has \(hashes.count) hashes, not \(count)")
            }
            var n: UInt64 = 0
            while n * UInt64(Tile.fullWidth) < count {
                let width = Int(min(UInt64(Tile.fullWidth), count - n * UInt64(Tile.fullWidth)))
                let tile = try Tile(level: level, index: n, width: width)
                let data = try await client.tile(.hashes(tile))
                let expected = hashes[Int(n) * Tile.fullWidth..<Int(n) * Tile.fullWidth + width].flatMap(\.bytes)
                guard data == expected else {
                    let first = n << UInt64((level + 1) * Tile.height)
                    throw Failure(index: first, message: "tile \(TilePath.hashes(tile).path) does not match the entries")
                }
                n += 1
            }
        }
    }
}
