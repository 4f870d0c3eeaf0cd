import Foundation
@testable import LogEngine
import LogStorage
import Merkle
import Testing

@Suite struct FullTileCacheTests {
    /// In a tree with full tiles at level 1, proofs through the cache equal proofs read from
    /// storage alone, the first time (filling the cache) and the second (reading it).
    @Test func cachedProofsEqualStoredProofs() async throws {
        let storage = MemoryLogStorage()
        let log = try TestLog(storage: storage)
        let service = try log.open(batchMaxCount: 4096)
        let size = 3 * 65_536 + 1_000
        try await service.importEntries((0..<size).map { Array("entry \($0)".utf8) })
        let head = service.treeHead
        #expect(head.treeSize == UInt64(size))
        let uncached = StoredTileHashReader(storage: storage)
        for index: UInt64 in [0, 255, 65_535, 65_536, 131_071, 150_000, UInt64(size - 1)] {
            let expected = try InclusionProof(leafIndex: index, treeSize: head.treeSize, reader: uncached)
            for _ in 0..<2 {
                let answer = try service.proof(index: index)
                #expect(answer.inclusionProof == expected)
                try answer.inclusionProof.verify(leafHash: answer.leafHash, rootHash: head.rootHash)
            }
        }
        #expect(service.fullTiles.tile(level: 1, index: 0) == storage.tileData(level: 1, index: 0))
        #expect(service.fullTiles.tile(level: 1, index: 3) == nil)  // the partial tile is not kept
        let consistency = try service.consistencyProof(from: 70_000)
        #expect(consistency == (try ConsistencyProof(oldSize: 70_000, newSize: head.treeSize, reader: uncached)))
        await service.shutdown()
    }
}
