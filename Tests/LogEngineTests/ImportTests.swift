import Foundation
import LogEngine
import LogStorage
import Merkle
import Notes
import Testing

@Suite struct ImportTests {
    /// Entry i of a test import: distinct bytes of varying length.
    static func entry(_ i: Int) -> [UInt8] {
        Array("imported entry \(i) ".utf8) + [UInt8](repeating: UInt8(truncatingIfNeeded: i), count: i % 7)
    }

    @Test func entriesLandInOrderAcrossBatchesWithValidProofs() async throws {
        let log = try TestLog()
        // Batches of 16 and room for 4 chunks: 1,000 entries take many chunks and batches.
        let service = try log.open(batchMaxCount: 16, pendingLimit: 64)
        let entries = (0..<1_000).map(Self.entry)
        try await service.importEntries(entries)
        let head = service.treeHead
        #expect(head.treeSize == 1_000)
        _ = try head.note.verify(with: [log.logKey.verifierKey])
        #expect(Integration(appendingEntries: entries, to: .empty).rootHash == head.rootHash)
        for i in [0, 1, 15, 16, 17, 255, 256, 999] {
            #expect(try service.entry(at: UInt64(i)) == entries[i])
            #expect(try service.lookup(leafHash: Hash.leaf(entries[i])) == UInt64(i))
            let answer = try service.proof(index: UInt64(i))
            try answer.inclusionProof.verify(leafHash: Hash.leaf(entries[i]), rootHash: head.rootHash)
        }
        await service.shutdown()
    }

    @Test func duplicatesAreNotAppendedAgainAndRegistrationsFollow() async throws {
        let log = try TestLog()
        let service = try log.open(batchMaxCount: 8, pendingLimit: 32)
        try await service.importEntries([Self.entry(0), Self.entry(1), Self.entry(0)])
        #expect(service.treeHead.treeSize == 2)
        try await service.importEntries([Self.entry(1), Self.entry(2)])
        #expect(service.treeHead.treeSize == 3)
        #expect(try service.entry(at: 2) == Self.entry(2))
        // Registrations go on from where the import ended.
        let answer = try await service.register(try log.statement("after the import"))
        #expect(answer.index == 3)
        try await service.importEntries([])
        #expect(service.treeHead.treeSize == 4)
        await service.shutdown()
    }

    @Test func anOversizedEntryIsRefusedBeforeAnythingIsQueued() async throws {
        let log = try TestLog()
        let service = try log.open()
        let tooLong = [UInt8](repeating: 1, count: StorageCommit.maxEntryBytes + 1)
        await #expect(throws: LogEngineError(.badRequest, "")) {
            try await service.importEntries([Self.entry(0), tooLong])
        }
        #expect(service.treeHead.treeSize == 0)
        // The largest entry is accepted, and the sequencer still runs.
        try await service.importEntries([[UInt8](repeating: 2, count: StorageCommit.maxEntryBytes)])
        #expect(service.treeHead.treeSize == 1)
        #expect(service.alarm == nil)
        await service.shutdown()
    }

    @Test func anImportAfterShutdownIsRefused() async throws {
        let log = try TestLog()
        let service = try log.open()
        await service.shutdown()
        await #expect(throws: LogEngineError(.shuttingDown, "")) {
            try await service.importEntries([Self.entry(0)])
        }
    }

    @Test func importedEntriesSurviveAReopen() async throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let logKey = try SignerKey.generate(name: TestLog.origin, type: .ed25519)
        let entries = (0..<300).map(Self.entry)
        do {
            let service = try TestLog(storage: try openStore(dir), logKey: logKey).open(batchMaxCount: 32, pendingLimit: 128)
            try await service.importEntries(entries)
            await service.shutdown()
        }
        let reopened = try TestLog(storage: try openStore(dir), logKey: logKey).open()
        #expect(reopened.treeHead.treeSize == 300)
        #expect(Integration(appendingEntries: entries, to: .empty).rootHash == reopened.treeHead.rootHash)
        await reopened.shutdown()
    }
}
