import Foundation
import Merkle
import Notes
import Testing
@testable import WitnessEngine
import WitnessTestSupport

/// One suite for every ``WitnessStateStore``: what the engine's fork-proofing needs of a store,
/// checked on the RocksDB store and the in-memory store alike. A "restart" is a new store over
/// the state the old one left: the RocksDB directory reopened, or the in-memory snapshot restored.
@Suite struct WitnessStateStoreConformanceTests {
    /// A kind of store: made in `directory`; what a restart carries over from a store (nothing
    /// for RocksDB, whose state is the directory; the snapshot in memory); and reopened from it.
    struct Kind: CustomTestStringConvertible, Sendable {
        let name: String
        let make: @Sendable (_ directory: String) throws -> any WitnessStateStore
        let carry: @Sendable (any WitnessStateStore) -> InMemoryWitnessStore.Snapshot?
        let reopen: @Sendable (InMemoryWitnessStore.Snapshot?, _ directory: String) throws -> any WitnessStateStore
        var testDescription: String { name }
    }

    static let kinds: [Kind] = [
        Kind(
            name: "RocksDB", make: { try RocksDBWitnessStore(path: $0 + "/state") }, carry: { _ in nil },
            reopen: { _, directory in try RocksDBWitnessStore(path: directory + "/state") }),
        Kind(
            name: "in memory", make: { _ in InMemoryWitnessStore() },
            carry: { ($0 as? InMemoryWitnessStore)?.snapshot },
            reopen: { snapshot, _ in InMemoryWitnessStore(restoring: snapshot ?? InMemoryWitnessStore.Snapshot()) }),
    ]

    /// The checkpoint of `log` at `size`, cosigned, as the engine stores it.
    static func stored(_ log: TestLog, size: UInt64) throws -> StoredCheckpoint {
        let note = log.note(size: size)
        let cosignature = try testWitnessKey.cosign(log.checkpoint(size: size), timestamp: 1_700_000_000)
        return StoredCheckpoint(note: try note.adding(cosignature.noteSignature), checkpoint: log.checkpoint(size: size))
    }

    @Test(arguments: kinds)
    func aNewStoreIsEmptyAndSaysSo(_ kind: Kind) throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let store = try kind.make(directory.path)
        #expect(store.existed == false)
        #expect(try store.identity() == nil)
        #expect(try store.loadAll().isEmpty)
    }

    @Test(arguments: kinds)
    func whatIsPutIsWhatALaterLoadAndARestartGive(_ kind: Kind) throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let first = TestLog(size: 20)
        let second = TestLog(origin: "log.example/second", seed: 7, size: 9)
        var carried: InMemoryWitnessStore.Snapshot?
        do {
            let store = try kind.make(directory.path)
            try store.setIdentity(key: testWitnessKey.verifierKey.encoded, stateID: "state-1")
            try store.put(Self.stored(first, size: 10))
            try store.put(Self.stored(second, size: 9))
            // A newer checkpoint of an origin replaces the older one; other origins are untouched.
            try store.put(Self.stored(first, size: 20))
            let loaded = try store.loadAll()
            #expect(loaded.count == 2)
            #expect(loaded[LogOrigin(first.origin)] == (try Self.stored(first, size: 20)))
            #expect(loaded[LogOrigin(second.origin)]?.treeSize == 9)
            carried = kind.carry(store)
        }
        // The store above is released before the restart opens its directory again (one open
        // state per process).
        let again = try kind.reopen(carried, directory.path)
        #expect(again.existed)
        let identity = try #require(try again.identity())
        #expect(identity.key == testWitnessKey.verifierKey.encoded && identity.stateID == "state-1")
        let loaded = try again.loadAll()
        #expect(loaded[LogOrigin(first.origin)] == (try Self.stored(first, size: 20)))
        #expect(loaded[LogOrigin(second.origin)] == (try Self.stored(second, size: 9)))
    }

    /// The engine over each store: after a restart it still refuses to cosign a checkpoint older
    /// than the one it cosigned, and one of the same size with another root (a fork).
    @Test(arguments: kinds)
    func aWitnessOverTheStoreRefusesToGoBackAfterARestart(_ kind: Kind) throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let log = TestLog(size: 30)
        // The same log key and origin, other entries: a second history of the same size.
        let fork = TestLog(origin: log.origin)
        fork.append(30, salt: "-fork")
        #expect(fork.rootHash(size: 30) != log.rootHash(size: 30))
        let logs = try LogList(parsing: Array(log.logListLine.utf8))
        let binding = directory.path + "/witness.binding"
        var carried: InMemoryWitnessStore.Snapshot?
        do {
            let store = try kind.make(directory.path)
            let witness = try Witness(key: testWitnessKey, logs: logs, store: store, bindingPath: binding, clock: { 1_700_000_000 })
            _ = try witness.addCheckpoint(log.request(old: 0, new: 30))
            carried = kind.carry(store)
        }
        let witness = try Witness(
            key: testWitnessKey, logs: logs, store: try kind.reopen(carried, directory.path), bindingPath: binding,
            clock: { 1_700_000_100 })
        #expect(try witness.latestCheckpoint(origin: log.origin)?.treeSize == 30)
        // An older checkpoint, from any old size but the stored one: 409 with the stored size.
        #expect(throws: WitnessEngineError(.oldSizeMismatch, "")) { try witness.addCheckpoint(log.request(old: 0, new: 20)) }
        // The fork at the stored size: another root for the size it cosigned.
        #expect(throws: WitnessEngineError(.rootMismatch, "")) { try witness.addCheckpoint(fork.request(old: 30, new: 30)) }
        #expect(try witness.latestCheckpoint(origin: log.origin)?.rootHash == log.rootHash(size: 30))
    }
}
