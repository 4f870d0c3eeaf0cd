import CryptoPrimitives
import Foundation
import LogEngine
import LogStorage
import Merkle
import Notes
import RocksDB
import Testing

@Suite struct RecoveryTests {
    @Test func aReopenedLogContinuesConsistently() async throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let key = try SignerKey.generate(name: TestLog.origin, type: .ed25519)
        let issuer = Ed25519PrivateKey()
        let first: TreeHead
        do {
            let log = try TestLog(storage: try openStore(dir), logKey: key, issuer: issuer)
            let service = try log.open()
            for i in 0..<40 { _ = try await service.register(try log.statement("r\(i)")) }
            first = service.treeHead
            await service.shutdown()
        }
        let log = try TestLog(storage: try openStore(dir), logKey: key, issuer: issuer)
        let reopened = try log.open()
        #expect(reopened.treeHead.treeSize == 40)
        #expect(reopened.treeHead.rootHash == first.rootHash)
        let answer = try await reopened.register(try log.statement("after"))
        #expect(answer.index == 40)
        let proof = try reopened.consistencyProof(from: 40, to: 41)
        try proof.verify(oldRoot: first.rootHash, newRoot: answer.treeHead.rootHash)
        await reopened.shutdown()
    }

    @Test func anotherKeyOrOriginIsRefused() async throws {
        let storage = MemoryLogStorage()
        let log = try TestLog(storage: storage)
        let service = try log.open()
        _ = try await service.register(try log.statement("x"))
        await service.shutdown()
        // Same origin, another key: the stored verifier key does not match.
        let other = try TestLog(storage: storage)
        #expect(throws: LogEngineError(.inconsistentState, "")) { try other.open() }
    }

    @Test func aTamperedTileIsRefusedAtStart() async throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let key = try SignerKey.generate(name: TestLog.origin, type: .ed25519)
        do {
            let log = try TestLog(storage: try openStore(dir), logKey: key)
            let service = try log.open()
            for i in 0..<3 { _ = try await service.register(try log.statement("t\(i)")) }
            await service.shutdown()
        }
        // Flip one bit of the second leaf hash in tile 0/000, below the storage layer.
        do {
            let db = try RocksDatabase(path: dir, columnFamilies: ["entries", "tiles", "leaf_index", "checkpoints", "metadata"])
            let tileKey: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0, 0]
            var tile = try #require(try db.get(tileKey, in: "tiles"))
            tile[32] ^= 1
            let batch = RocksWriteBatch(for: db)
            try batch.put(tileKey, tile, in: "tiles")
            try db.write(batch)
        }
        let log = try TestLog(storage: try openStore(dir), logKey: key)
        #expect(throws: LogEngineError(.inconsistentState, "")) { try log.open() }
    }
}
