import Foundation
import Merkle
import Testing
import LogStorage

/// The implementations the shared conformance suite runs against.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible {
    case memory, rocksdb

    var testDescription: String { rawValue }

    /// A fresh, empty store, and a closure that removes whatever it left on disk.
    func make() throws -> (any LogStorage, cleanup: () -> Void) {
        switch self {
        case .memory:
            return (MemoryLogStorage(), {})
        case .rocksdb:
            let dir = temporaryDirectory()
            return (try RocksLogStorage(directory: dir), { try? FileManager.default.removeItem(atPath: dir) })
        }
    }
}

func temporaryDirectory() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("logstorage-\(UUID().uuidString)").path
}

func hashes(_ n: Int, seed: UInt8 = 0) -> [UInt8] {
    (0..<n).flatMap { Hash.leaf([seed, UInt8(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: $0 >> 8)]).bytes }
}

@Suite struct LogStorageConformanceTests {
    @Test(arguments: StoreKind.allCases)
    func emptyStoreReadsNothing(kind: StoreKind) throws {
        let (store, cleanup) = try kind.make()
        defer { cleanup() }
        #expect(try store.entries(from: 0, count: 10).isEmpty)
        #expect(try store.tileData(level: 0, index: 0) == nil)
        #expect(try store.index(ofLeafHash: Hash.leaf([1])) == nil)
        #expect(try store.latestCheckpoint() == nil)
        #expect(try store.metadata("tree") == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func commitThenReadEveryColumn(kind: StoreKind) throws {
        let (store, cleanup) = try kind.make()
        defer { cleanup() }
        var c = StorageCommit()
        c.entries = [(0, [0xa]), (1, [0xb, 0xb]), (2, [])]
        c.tiles = [(0, 0, hashes(3))]
        c.leafIndexes = [(Hash.leaf([0xa]), 0), (Hash.leaf([0xb, 0xb]), 1)]
        c.checkpoints = [(3, Array("origin\n3\nroot\n".utf8))]
        c.metadata = [("tree", [1, 2, 3])]
        try store.commit(c)
        #expect(try store.entries(from: 0, count: 10) == [[0xa], [0xb, 0xb], []])
        #expect(try store.entries(from: 1, count: 1) == [[0xb, 0xb]])
        #expect(try store.entries(from: 5, count: 1).isEmpty)
        #expect(try store.tileData(level: 0, index: 0) == hashes(3))
        #expect(try store.tileData(level: 0, index: 0, width: 2) == Array(hashes(3).prefix(64)))
        #expect(try store.tileData(level: 0, index: 0, width: 4) == nil)
        #expect(try store.tileData(level: 1, index: 0) == nil)
        #expect(try store.index(ofLeafHash: Hash.leaf([0xb, 0xb])) == 1)
        #expect(try store.checkpoint(treeSize: 3) == Array("origin\n3\nroot\n".utf8))
        #expect(try store.metadata("tree") == [1, 2, 3])
    }

    @Test(arguments: StoreKind.allCases)
    func tilesGrowInPlaceAndEveryPartialStaysServable(kind: StoreKind) throws {
        let (store, cleanup) = try kind.make()
        defer { cleanup() }
        for width in [1, 2, 7, 200, 256] {
            var c = StorageCommit()
            c.tiles = [(0, 9, hashes(width))]
            try store.commit(c)
        }
        for width in 1...256 {
            #expect(try store.tileData(level: 0, index: 9, width: width) == Array(hashes(256).prefix(width * 32)))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func storedDataIsNeverRewritten(kind: StoreKind) throws {
        let (store, cleanup) = try kind.make()
        defer { cleanup() }
        var first = StorageCommit()
        first.entries = [(0, [1])]
        first.tiles = [(0, 0, hashes(2))]
        first.leafIndexes = [(Hash.leaf([1]), 0)]
        try store.commit(first)
        try store.commit(first)  // the same rows again change nothing and are accepted

        var changedEntry = StorageCommit()
        changedEntry.entries = [(0, [2])]
        var changedTile = StorageCommit()
        changedTile.tiles = [(0, 0, hashes(3, seed: 7))]
        var shrunkTile = StorageCommit()
        shrunkTile.tiles = [(0, 0, hashes(1))]
        var movedLeaf = StorageCommit()
        movedLeaf.leafIndexes = [(Hash.leaf([1]), 5)]
        for bad in [changedEntry, changedTile, shrunkTile, movedLeaf] {
            #expect(throws: LogStorageError(.rewrite, "")) { try store.commit(bad) }
        }
        #expect(try store.entries(from: 0, count: 1) == [[1]])
        #expect(try store.tileData(level: 0, index: 0) == hashes(2))
        #expect(try store.index(ofLeafHash: Hash.leaf([1])) == 0)
    }

    @Test(arguments: StoreKind.allCases)
    func aRefusedCommitChangesNothing(kind: StoreKind) throws {
        let (store, cleanup) = try kind.make()
        defer { cleanup() }
        var c = StorageCommit()
        c.entries = [(0, [1])]
        try store.commit(c)
        // Valid new rows together with one that rewrites: none of them may land.
        var mixed = StorageCommit()
        mixed.entries = [(1, [2]), (0, [9])]
        mixed.tiles = [(0, 0, hashes(2))]
        mixed.metadata = [("k", [1])]
        #expect(throws: LogStorageError(.rewrite, "")) { try store.commit(mixed) }
        // Valid rows together with one outside the limits: none of them may land.
        var oversized = StorageCommit()
        oversized.entries = [(1, [2]), (2, [UInt8](repeating: 0, count: 65_536))]
        #expect(throws: LogStorageError(.invalidCommit, "")) { try store.commit(oversized) }
        var badTile = StorageCommit()
        badTile.entries = [(1, [2])]
        badTile.tiles = [(0, 1, [1, 2, 3])]
        #expect(throws: LogStorageError(.invalidCommit, "")) { try store.commit(badTile) }
        #expect(try store.entries(from: 0, count: 5) == [[1]])
        #expect(try store.tileData(level: 0, index: 0) == nil)
        #expect(try store.metadata("k") == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func latestCheckpointIsTheLargestTreeSize(kind: StoreKind) throws {
        let (store, cleanup) = try kind.make()
        defer { cleanup() }
        // Sizes whose little-endian or decimal order differs from numeric order.
        for size: UInt64 in [255, 256, 9, 65_536, 1] {
            var c = StorageCommit()
            c.checkpoints = [(size, Array("\(size)".utf8))]
            try store.commit(c)
        }
        let latest = try #require(try store.latestCheckpoint())
        #expect(latest.treeSize == 65_536)
        #expect(latest.note == Array("65536".utf8))
        // The first checkpoint covering an index: the smallest size at least index + 1.
        #expect(try store.checkpoint(atLeast: 0)?.treeSize == 1)
        #expect(try store.checkpoint(atLeast: 10)?.treeSize == 255)
        #expect(try store.checkpoint(atLeast: 256)?.treeSize == 256)
        #expect(try store.checkpoint(atLeast: 257)?.treeSize == 65_536)
        #expect(try store.checkpoint(atLeast: 65_537) == nil)
        // A later copy of a checkpoint (more cosignatures) replaces the earlier one.
        var cosigned = StorageCommit()
        cosigned.checkpoints = [(256, Array("256 cosigned".utf8))]
        try store.commit(cosigned)
        #expect(try store.checkpoint(treeSize: 256) == Array("256 cosigned".utf8))
    }
}

@Suite struct RocksLogStorageTests {
    @Test func committedDataSurvivesReopening() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do {
            let store = try RocksLogStorage(directory: dir)
            var c = StorageCommit()
            c.entries = (0..<300).map { (UInt64($0), [UInt8(truncatingIfNeeded: $0)]) }
            c.tiles = [(0, 0, hashes(256)), (0, 1, hashes(44)), (1, 0, hashes(1))]
            c.checkpoints = [(300, [3])]
            try store.commit(c)
        }
        let store = try RocksLogStorage(directory: dir)
        #expect(try store.entries(from: 250, count: 100).count == 50)
        #expect(try store.tileData(level: 0, index: 1) == hashes(44))
        #expect(try store.latestCheckpoint()?.treeSize == 300)
    }

    @Test func aSecondOpenOfTheDirectoryIsRefused() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try RocksLogStorage(directory: dir)
        #expect(throws: LogStorageError(.locked, "")) { _ = try RocksLogStorage(directory: dir) }
        _ = store
    }
}
