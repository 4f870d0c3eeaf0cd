import Foundation
import Testing
import RocksDB

private func temporaryDirectory() -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("rocksdb-test-\(UUID().uuidString)")
    return url.path
}

@Suite struct RocksDatabaseTests {
    @Test func putGetAcrossColumnFamiliesAndReopen() throws {
        let path = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let db = try RocksDatabase(path: path, columnFamilies: ["entries", "tiles"])
            let batch = RocksWriteBatch(for: db)
            try batch.put([0, 1], [9, 9, 9], in: "entries")
            try batch.put([0, 1], [7], in: "tiles")
            #expect(batch.count == 2)
            try db.write(batch)
            #expect(try db.get([0, 1], in: "entries") == [9, 9, 9])
            #expect(try db.get([0, 1], in: "tiles") == [7])
            #expect(try db.get([0, 2], in: "entries") == nil)
        }
        let reopened = try RocksDatabase(path: path, columnFamilies: ["entries", "tiles"])
        #expect(try reopened.get([0, 1], in: "entries") == [9, 9, 9])
        #expect(throws: RocksDBError(.unknownColumnFamily, "")) { try reopened.get([0], in: "nope") }
    }

    @Test func secondOpenOfTheSameDirectoryIsRefused() throws {
        let path = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = try RocksDatabase(path: path, columnFamilies: ["a"])
        #expect(throws: RocksDBError(.locked, "")) { _ = try RocksDatabase(path: path, columnFamilies: ["a"]) }
        _ = first
    }

    @Test func scanIsOrderedAndBounded() throws {
        let path = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let db = try RocksDatabase(path: path, columnFamilies: ["c"])
        let batch = RocksWriteBatch(for: db)
        for i: UInt8 in [5, 1, 3, 2, 4] { try batch.put([i], [i &* 2], in: "c") }
        try db.write(batch, sync: false)
        let all = try db.scan("c", from: [0])
        #expect(all.map(\.key) == [[1], [2], [3], [4], [5]])
        let some = try db.scan("c", from: [2], to: [4])
        #expect(some.map(\.key) == [[2], [3]])
        #expect(some.map(\.value) == [[4], [6]])
        #expect(try db.scan("c", from: [1], limit: 2).count == 2)
        #expect(try db.last(in: "c")?.key == [5])
        let deletion = RocksWriteBatch(for: db)
        try deletion.delete([5], in: "c")
        try db.write(deletion)
        #expect(try db.last(in: "c")?.key == [4])
    }
}
