import Foundation
import HTTPTestSupport
import Hummingbird
import Logging
import Merkle
import Notes
import Testing
import WitnessEngine

/// `receiptlog monitor` against a tiled log served from memory (specs/monitor.md).
@Suite(.serialized) struct MonitorTests {
    /// A fresh directory, a log key and a log of `entries` served over loopback, for `body`.
    func withLog(
        _ name: String, entries: Int,
        _ body: @Sendable (_ dir: String, _ key: SignerKey, _ log: StaticTiledLog, _ url: String) async throws -> Void
    ) async throws {
        let dir = NSTemporaryDirectory() + "monitor-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let key = try SignerKey.generate(name: "example.com/\(name)", type: .ed25519)
        let log = StaticTiledLog(key: key)
        try log.set(Self.entries(entries))
        let app = Application(router: log.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              logger: Logger(label: "t", factory: { _ in SwiftLogNoOpLogHandler() }))
        try await app.test(.live) { client in
            try await body(dir, key, log, "http://127.0.0.1:\(client.port!)")
        }
    }

    static func entries(_ count: Int) -> [[UInt8]] { (0..<count).map { Array("entry \($0)".utf8) } }

    /// Runs `receiptlog monitor --once` against `url`.
    func monitor(_ url: String, key: SignerKey, dir: String, _ extra: [String] = []) async throws -> ChildProcess.Output {
        try await ChildProcess.runOnThread([
            "monitor", "--log", url, "--vkey", key.verifierKey.encoded, "--once",
            "--state", dir + "/monitor.state", "--evidence", dir + "/evidence.txt",
        ] + extra)
    }

    /// A state file at size 0 (the monitor first saw the empty log) is extended by every tree.
    @Test func aTrustedEmptyTreeIsExtendedByTheGrownLog() async throws {
        try await withLog("grows-from-empty", entries: 0) { dir, key, log, url in
            let empty = try await monitor(url, key: key, dir: dir)
            #expect(empty.status == 0 && empty.stdout.contains("at size 0"), "\(empty.stdout) \(empty.stderr)")
            try log.set(Self.entries(5))
            let grown = try await monitor(url, key: key, dir: dir)
            #expect(grown.status == 0, "\(grown.stdout) \(grown.stderr)")
            #expect(grown.stdout.contains("at size 5"), "\(grown.stdout)")
            #expect(!FileManager.default.fileExists(atPath: dir + "/evidence.txt"))
        }
    }

    /// A witness that cosigned the empty tree, before the log grew, shows no split view.
    @Test func aWitnessThatCosignedTheEmptyTreeIsConsistent() async throws {
        try await withLog("witnessed-empty", entries: 0) { dir, key, log, url in
            let witness = try RunningWitness(directory: dir + "/w", logs: try LogList(keys: [key.name: [key.verifierKey]]))
            try await witness.start()
            let empty = try Note(parsing: log.contents.withLock { $0.checkpoint })
            _ = try witness.witness.addCheckpoint(AddCheckpointRequest(oldSize: 0, proof: [], note: empty))
            try log.set(Self.entries(300))
            let result = try await monitor(url, key: key, dir: dir, ["--witness", "http://127.0.0.1:\(witness.port)"])
            await witness.stop()
            #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir + "/evidence.txt"))
        }
    }

    /// A checkpoint of size 0 signed with a root other than the empty tree's is false on its own:
    /// evidence, exit 3.
    @Test func aSizeZeroCheckpointWithAnotherRootIsEvidence() async throws {
        try await withLog("false-empty", entries: 5) { dir, key, _, url in
            let bogus = try key.sign(try Checkpoint(origin: key.name, treeSize: 0, rootHash: Hash.leaf(Array("not empty".utf8))))
            try Data(bogus.encoded).write(to: URL(fileURLWithPath: dir + "/monitor.state"))
            let result = try await monitor(url, key: key, dir: dir)
            #expect(result.status == 3, "\(result.stdout) \(result.stderr)")
            #expect(result.stdout.contains("INCONSISTENT: the checkpoint of size 0 has root"), "\(result.stdout)")
            let text = try String(contentsOfFile: dir + "/evidence.txt", encoding: .utf8)
            #expect(text.contains(bogus.text))
        }
    }

    /// The right edge is authenticated as a whole against the root hash: a bad right-edge tile
    /// is reported with every right-edge tile named.
    @Test func aBadRightEdgeTileNamesTheRightEdge() async throws {
        try await withLog("bad-right-edge", entries: 300) { dir, key, log, url in
            let first = try await monitor(url, key: key, dir: dir)
            #expect(first.status == 0, "\(first.stdout) \(first.stderr)")
            try log.set(Self.entries(600))
            log.corruptTile(level: 0, index: 2, position: 3)
            let result = try await monitor(url, key: key, dir: dir)
            #expect(result.status == 1, "\(result.stdout) \(result.stderr)")
            #expect(result.stderr.contains("(the right edge: tile/0/002.p/88, tile/1/000.p/2)"), "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir + "/evidence.txt"))
        }
    }

    /// Tiles that do not authenticate against the log's checkpoint prove no split view: the
    /// check could not run (exit 1, one line naming the tile), and no evidence is written.
    @Test func aBadTileIsACheckThatCouldNotRunNotEvidence() async throws {
        try await withLog("bad-tile", entries: 300) { dir, key, log, url in
            let first = try await monitor(url, key: key, dir: dir)
            #expect(first.status == 0, "\(first.stdout) \(first.stderr)")
            try log.set(Self.entries(600))
            // Tile 0/001 is full at size 600; the proof from 300 reads it.
            log.corruptTile(level: 0, index: 1, position: 10)
            let result = try await monitor(url, key: key, dir: dir)
            #expect(result.status == 1, "\(result.stdout) \(result.stderr)")
            #expect(!result.stdout.contains("INCONSISTENT"), "\(result.stdout)")
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 1 && lines[0].contains("tile/0/001") && lines[0].contains("retry"), "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir + "/evidence.txt"))
        }
    }
}
