import CryptoPrimitives
import Foundation
import HTTPTestSupport
import Hummingbird
import LogClient
import Logging
import Merkle
import NIOCore
import Notes
import Statements
import Synchronization
import Testing

/// A tiled log served from memory, whose bytes a test can corrupt.
final class StaticTiledLog: Sendable {
    struct Contents {
        var entries: [[UInt8]] = []
        var tiles: [String: [UInt8]] = [:]  // "L/N" → full contents at the current size
        var checkpoint: [UInt8] = []
    }
    let key: SignerKey
    let contents = Mutex(Contents())

    init(key: SignerKey) { self.key = key }

    /// Replaces the log with `entries`, recomputing every tile and signing a checkpoint.
    func set(_ entries: [[UInt8]]) throws {
        let step = Integration(appendingEntries: entries, to: .empty)
        var tiles: [String: [UInt8]] = [:]
        for level in step.storedLevels {
            for (i, h) in level.hashes.enumerated() {
                let index = level.startIndex + UInt64(i)
                tiles["\(level.tileLevel)/\(index / 256)", default: []] += h.bytes
            }
        }
        let note = try key.sign(try Checkpoint(origin: key.name, treeSize: UInt64(entries.count), rootHash: step.rootHash))
        contents.withLock { $0 = Contents(entries: entries, tiles: tiles, checkpoint: note.encoded) }
    }

    /// Flips one bit of entry `index` (the tiles stay as they were).
    func corruptEntry(_ index: Int) { contents.withLock { $0.entries[index][0] ^= 1 } }

    /// Flips one bit of hash `position` of tile `level/index`.
    func corruptTile(level: Int, index: Int, position: Int) {
        contents.withLock { $0.tiles["\(level)/\(index)"]![position * 32] ^= 1 }
    }

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("checkpoint") { _, _ in
            Response(status: .ok, body: .init(byteBuffer: ByteBuffer(bytes: self.contents.withLock { $0.checkpoint })))
        }
        router.get("tile/**") { request, _ -> Response in
            guard let path = try? TilePath(parsing: request.uri.path.dropFirst()) else { return Response(status: .badRequest) }
            let tile = path.tile
            let data: [UInt8]? = self.contents.withLock { c in
                switch path {
                case .hashes:
                    guard let full = c.tiles["\(tile.level)/\(tile.index)"], full.count >= tile.byteCount else { return nil }
                    return Array(full.prefix(tile.byteCount))
                case .entries:
                    let first = Int(tile.index) * 256
                    guard first + tile.width <= c.entries.count else { return nil }
                    return try? EntryBundle(entries: Array(c.entries[first..<first + tile.width])).encoded
                }
            }
            guard let data else { return Response(status: .notFound) }
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        return router
    }
}

@Suite(.serialized) struct AuditTests {
    /// Runs the audit binary against `url`.
    func audit(_ url: String, key: SignerKey, state: String, _ extra: [String]) async throws -> ChildProcess.Output {
        try await ChildProcess.runOnThread(["audit", "--log", url, "--vkey", key.verifierKey.encoded, "--state", state] + extra)
    }

    @Test func findsOneFlippedByteInA100000EntryLog() async throws {
        let dir = NSTemporaryDirectory() + "audit-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let key = try SignerKey.generate(name: "example.com/audited", type: .ed25519)
        let log = StaticTiledLog(key: key)
        let entries = (0..<100_000).map { Array("entry \($0) of the audited log".utf8) }
        try log.set(entries)
        let app = Application(router: log.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              logger: Logger(label: "t", factory: { _ in SwiftLogNoOpLogHandler() }))
        try await app.test(.live) { client in
            let url = "http://127.0.0.1:\(client.port!)"
            let clean = try await audit(url, key: key, state: dir + "/clean.json", ["--no-signatures"])
            #expect(clean.status == 0, "\(clean.stdout) \(clean.stderr)")
            #expect(clean.stdout.contains("audit passed") && clean.stdout.contains("size 100000"))

            // Resuming: the log grows; only the new part is read (from the last full bundle,
            // 390 × 256 = 99,840), and the old checkpoint is checked for consistency with the
            // new one.
            try log.set(entries + (0..<300).map { Array("late \($0)".utf8) })
            let resumed = try await audit(url, key: key, state: dir + "/clean.json", ["--no-signatures"])
            #expect(resumed.status == 0, "\(resumed.stdout) \(resumed.stderr)")
            #expect(resumed.stdout.contains("size 100300; 460 entries checked"), "\(resumed.stdout)")

            // A rewritten history (same size as the last audit, other entries) is caught.
            try log.set(entries + (0..<300).map { Array("other \($0)".utf8) })
            let rewritten = try await audit(url, key: key, state: dir + "/clean.json", ["--no-signatures"])
            #expect(rewritten.status == 3 && rewritten.stdout.contains("different roots"), "\(rewritten.stdout)")

            // One flipped byte in one entry.
            try log.set(entries)
            log.corruptEntry(54_321)
            let badEntry = try await audit(url, key: key, state: dir + "/entry.json", ["--no-signatures"])
            #expect(badEntry.status == 3)
            #expect(badEntry.stdout.contains("entry 54321:"), "\(badEntry.stdout)")

            // One flipped byte in one level-0 tile, then in the level-1 tile.
            try log.set(entries)
            log.corruptTile(level: 0, index: 200, position: 7)
            let badTile = try await audit(url, key: key, state: dir + "/tile.json", ["--no-signatures"])
            #expect(badTile.status == 3)
            #expect(badTile.stdout.contains("entry \(200 * 256 + 7):"), "\(badTile.stdout)")
            try log.set(entries)
            log.corruptTile(level: 1, index: 1, position: 3)
            let badUpper = try await audit(url, key: key, state: dir + "/upper.json", ["--no-signatures"])
            #expect(badUpper.status == 3)
            #expect(badUpper.stdout.contains("tile/1/001"), "\(badUpper.stdout)")
        }
    }

    /// An audit of the empty log, then of the grown log: every tree extends the empty one.
    @Test func resumesAfterAuditingTheEmptyLog() async throws {
        let dir = NSTemporaryDirectory() + "audit-empty-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let key = try SignerKey.generate(name: "example.com/audited-from-empty", type: .ed25519)
        let log = StaticTiledLog(key: key)
        try log.set([])
        let app = Application(router: log.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              logger: Logger(label: "t", factory: { _ in SwiftLogNoOpLogHandler() }))
        try await app.test(.live) { client in
            let url = "http://127.0.0.1:\(client.port!)"
            let empty = try await audit(url, key: key, state: dir + "/a.json", ["--no-signatures"])
            #expect(empty.status == 0 && empty.stdout.contains("size 0"), "\(empty.stdout) \(empty.stderr)")
            try log.set((0..<300).map { Array("entry \($0)".utf8) })
            let grown = try await audit(url, key: key, state: dir + "/a.json", ["--no-signatures"])
            #expect(grown.status == 0, "\(grown.stdout) \(grown.stderr)")
            #expect(grown.stdout.contains("size 300; 300 entries checked"), "\(grown.stdout)")
        }
    }

    /// A saved checkpoint of size 0 whose root is not the empty tree's fails the audit.
    @Test func aSizeZeroCheckpointWithAnotherRootFails() async throws {
        let dir = NSTemporaryDirectory() + "audit-false-empty-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let key = try SignerKey.generate(name: "example.com/audited-false-empty", type: .ed25519)
        let log = StaticTiledLog(key: key)
        try log.set((0..<5).map { Array("entry \($0)".utf8) })
        var state = AuditState(origin: key.name)
        let bogus = try key.sign(try Checkpoint(origin: key.name, treeSize: 0, rootHash: Hash.leaf(Array("not empty".utf8))))
        state.checkpoints = [String(decoding: bogus.encoded, as: UTF8.self)]
        try Data(state.encoded()).write(to: URL(fileURLWithPath: dir + "/a.json"))
        let app = Application(router: log.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              logger: Logger(label: "t", factory: { _ in SwiftLogNoOpLogHandler() }))
        try await app.test(.live) { client in
            let result = try await audit("http://127.0.0.1:\(client.port!)", key: key, state: dir + "/a.json", ["--no-signatures"])
            #expect(result.status == 3 && result.stdout.contains("AUDIT FAILED: the checkpoint of size 0"), "\(result.stdout) \(result.stderr)")
        }
    }

    /// Tiles that do not match the log's checkpoint while an earlier checkpoint is checked against
    /// it: the log contradicts itself, so the audit fails (3), not "could not run" (1).
    @Test func tilesThatContradictTheCheckpointFailTheConsistencyCheck() async throws {
        let dir = NSTemporaryDirectory() + "audit-contradiction-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let key = try SignerKey.generate(name: "example.com/audited-contradiction", type: .ed25519)
        let log = StaticTiledLog(key: key)
        let entries = (0..<600).map { Array("entry \($0)".utf8) }
        try log.set(Array(entries.prefix(300)))
        let app = Application(router: log.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              logger: Logger(label: "t", factory: { _ in SwiftLogNoOpLogHandler() }))
        try await app.test(.live) { client in
            let url = "http://127.0.0.1:\(client.port!)"
            let first = try await audit(url, key: key, state: dir + "/a.json", ["--no-signatures"])
            #expect(first.status == 0, "\(first.stdout) \(first.stderr)")
            // The proof from 300 to 600 reads tile 0/001, which no longer matches its parent.
            try log.set(entries)
            log.corruptTile(level: 0, index: 1, position: 10)
            let result = try await audit(url, key: key, state: dir + "/a.json", ["--no-signatures"])
            #expect(result.status == 3, "\(result.stdout) \(result.stderr)")
            #expect(result.stdout.contains("AUDIT FAILED:") && result.stdout.contains("tile/0/001"), "\(result.stdout)")
        }
    }

    /// A state file saved for another log says nothing about this one: could not run (1).
    @Test func aStateOfAnotherLogIsAnAuditThatCouldNotRun() async throws {
        let dir = NSTemporaryDirectory() + "audit-other-state-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let key = try SignerKey.generate(name: "example.com/audited-with-other-state", type: .ed25519)
        let log = StaticTiledLog(key: key)
        try log.set((0..<5).map { Array("entry \($0)".utf8) })
        try Data(AuditState(origin: "example.com/another-log").encoded()).write(to: URL(fileURLWithPath: dir + "/a.json"))
        let app = Application(router: log.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              logger: Logger(label: "t", factory: { _ in SwiftLogNoOpLogHandler() }))
        try await app.test(.live) { client in
            let result = try await audit("http://127.0.0.1:\(client.port!)", key: key, state: dir + "/a.json", ["--no-signatures"])
            #expect(result.status == 1 && !result.stdout.contains("AUDIT FAILED"), "\(result.stdout) \(result.stderr)")
            #expect(result.stderr.contains("example.com/another-log"), "\(result.stderr)")
        }
    }

    /// A log that cannot be reached is an audit that could not run (1), not a failed one.
    @Test func anUnreachableLogIsACheckThatCouldNotRun() async throws {
        let dir = NSTemporaryDirectory() + "audit-unreachable-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let key = try SignerKey.generate(name: "example.com/audited-unreachable", type: .ed25519)
        let router = Router()
        router.get("checkpoint") { _, _ in Response(status: .serviceUnavailable) }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              logger: Logger(label: "t", factory: { _ in SwiftLogNoOpLogHandler() }))
        try await app.test(.live) { client in
            let result = try await audit("http://127.0.0.1:\(client.port!)", key: key, state: dir + "/a.json", ["--no-signatures"])
            #expect(result.status == 1 && !result.stdout.contains("AUDIT FAILED"), "\(result.stdout) \(result.stderr)")
        }
    }

    @Test func reChecksIssuerSignatures() async throws {
        let dir = NSTemporaryDirectory() + "audit-sig-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let key = try SignerKey.generate(name: "example.com/audited-statements", type: .ed25519)
        let issuer = try SignerKey.generate(name: "issuer.example", type: .ed25519)
        try Data((issuer.verifierKey.encoded + "\n").utf8).write(to: URL(fileURLWithPath: dir + "/issuers.txt"))
        let entries = try (0..<300).map { i in
            try SignedStatement.sign(issuer: "issuer.example", subject: "s\(i)", contentType: nil, payload: Array("p\(i)".utf8), key: issuer.privateKey).leaf
        }
        let log = StaticTiledLog(key: key)
        try log.set(entries)
        let app = Application(router: log.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              logger: Logger(label: "t", factory: { _ in SwiftLogNoOpLogHandler() }))
        try await app.test(.live) { client in
            let url = "http://127.0.0.1:\(client.port!)"
            let good = try await audit(url, key: key, state: dir + "/a.json", ["--issuers", dir + "/issuers.txt"])
            #expect(good.status == 0, "\(good.stdout) \(good.stderr)")
            #expect(good.stdout.contains("issuer signatures checked"))
            // A log that holds a statement whose signature does not verify (tree and tiles agree).
            var tampered = entries
            tampered[123][tampered[123].count - 1] ^= 1
            try log.set(tampered)
            let bad = try await audit(url, key: key, state: dir + "/b.json", ["--issuers", dir + "/issuers.txt"])
            #expect(bad.status == 3)
            #expect(bad.stdout.contains("entry 123:") && bad.stdout.contains("SIG_FAILED"), "\(bad.stdout)")
            // Without --issuers or --no-signatures the audit refuses to pretend.
            let refused = try await audit(url, key: key, state: dir + "/c.json", [])
            #expect(refused.status == 1 && refused.stderr.contains("--issuers"))
        }
    }
}
