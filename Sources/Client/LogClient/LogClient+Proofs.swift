// Proofs a client builds itself from the log's tiles, authenticating every tile against a
// checkpoint it trusts (Merkle's TileHashReader), so a hostile log cannot feed it bad hashes.
public import Merkle
public import Notes

extension LogClient {
    /// The consistency proof from `oldSize` to `checkpoint`'s tree, built from tiles fetched from
    /// the log and authenticated against `checkpoint`.
    ///
    /// Throws ``LogClientError/Code/verificationFailed`` when a tile does not match the
    /// checkpoint, and the fetch errors otherwise.
    public func consistencyProof(from oldSize: UInt64, to checkpoint: Checkpoint) async throws(LogClientError) -> [Hash] {
        try await withTiles(checkpoint) { reader in
            try ConsistencyProof(oldSize: oldSize, newSize: checkpoint.treeSize, reader: reader).hashes
        }
    }

    /// Runs `body` over a hash reader of `checkpoint`'s tree whose tiles come from the log.
    ///
    /// Tile hash readers ask for all their tiles in one call, so `body` runs twice: once to
    /// learn which tiles it needs, then, after they are fetched concurrently, for its result.
    public func withTiles<T>(
        _ checkpoint: Checkpoint, _ body: (TileHashReader<TileCache>) throws -> T
    ) async throws(LogClientError) -> T {
        let cache = TileCache()
        var fetched: [Tile] = []
        for _ in 0..<2 {
            do {
                return try body(TileHashReader(treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash, tileReader: cache))
            } catch let missing as TileCache.Missing {
                try await fetch(missing.tiles, into: cache)
                fetched = missing.tiles
            } catch let error as MerkleError {
                // A full tile that fails is named by the reader; the right edge is checked as a
                // whole against the root hash, so name its (partial) tiles here.
                let rightEdge = fetched.filter { !$0.isFull }.map(\.path)
                let which = error.code == .inconsistentTile && !rightEdge.isEmpty && !error.message.contains("tile/")
                    ? " (the right edge: \(rightEdge.joined(separator: ", ")))" : ""
                throw LogClientError(
                    .verificationFailed,
                    "the log's tiles do not match its checkpoint of size \(checkpoint.treeSize): \(error.message)\(which)")
            } catch {
                throw LogClientError(.verificationFailed, LogClientError.message(of: error))
            }
        }
        throw LogClientError(.malformedAnswer, "the tiles needed for size \(checkpoint.treeSize) kept changing")
    }

    /// Fetches `tiles` concurrently into `cache`.
    private func fetch(_ tiles: [Tile], into cache: TileCache) async throws(LogClientError) {
        do {
            try await withThrowingTaskGroup(of: (Tile, [UInt8]).self) { group in
                for tile in tiles {
                    group.addTask { (tile, try await self.tile(.hashes(tile))) }
                }
                for try await (tile, data) in group { cache.store(tile, data) }
            }
        } catch let error as LogClientError {
            throw error
        } catch {
            throw LogClientError(.transport, LogClientError.message(of: error))
        }
    }
}
