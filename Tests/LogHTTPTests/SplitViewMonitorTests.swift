import Foundation
import Hummingbird
import HummingbirdTesting
import LogClient
import Logging
import Merkle
import Notes
import Testing
import WitnessEngine

/// `SplitViewMonitor` called directly against a tiled log served from memory and a real witness
/// (specs/monitor.md, "Each check", "Evidence").
@Suite(.serialized) struct SplitViewMonitorTests {
    /// A fresh directory, a log key and a log of `entries` served over loopback, for `body`.
    func withLog(
        _ name: String, entries: Int,
        _ body: @Sendable (_ dir: String, _ key: SignerKey, _ log: StaticTiledLog, _ client: LogClient) async throws -> Void
    ) async throws {
        let dir = NSTemporaryDirectory() + "split-view-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let key = try SignerKey.generate(name: "example.com/\(name)", type: .ed25519)
        let log = StaticTiledLog(key: key)
        try log.set(Self.entries(entries))
        let app = Application(
            router: log.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            logger: Logger(label: "t", factory: { _ in SwiftLogNoOpLogHandler() }))
        try await app.test(.live) { client in
            try await body(dir, key, log, try LogClient(baseURL: "http://127.0.0.1:\(client.port!)"))
        }
    }

    static func entries(_ count: Int, _ prefix: String = "entry") -> [[UInt8]] { (0..<count).map { Array("\(prefix) \($0)".utf8) } }

    /// The error `body` throws, or nil when it returns.
    static func failure(_ body: () async throws(LogClientError) -> Void) async -> LogClientError? {
        do {
            try await body()
            return nil
        } catch {
            return error
        }
    }

    /// The origin hash is the witness's name for the log (c2sp.org/tlog-witness).
    @Test func originHashIsTheWitnesses() {
        for origin in ["example.com/log", "log.example", "ünïcode.example/λ"] {
            #expect(LogClient.originHash(origin) == Witness.originHash(origin))
        }
        #expect(LogClient.originHash("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SplitViewMonitor.defaultStatePath(origin: "log.example") == "monitor-\(Witness.originHash("log.example").prefix(16)).checkpoint")
    }

    /// The first check trusts and saves the log's checkpoint; the next, on the same tree, keeps
    /// it; a grown, consistent tree replaces it.
    @Test func firstCheckTrustsAndAGrownLogAdvances() async throws {
        try await withLog("advances", entries: 300) { dir, key, log, client in
            let store = MonitorStateFile(path: dir + "/state")
            let monitor = SplitViewMonitor(log: client, key: key.verifierKey, store: store)
            #expect(try monitor.trusted() == nil)
            guard case .consistent(let first, true) = try await monitor.check() else { Issue.record("not advanced"); return }
            #expect(first.treeSize == 300)
            #expect(try store.load() == log.contents.withLock { $0.checkpoint })
            guard case .consistent(let same, false) = try await monitor.check() else { Issue.record("advanced again"); return }
            #expect(same == first)
            try log.set(Self.entries(700))
            guard case .consistent(let grown, true) = try await monitor.check() else { Issue.record("not advanced"); return }
            let saved = try monitor.trusted()
            #expect(grown.treeSize == 700 && saved?.checkpoint == grown)
        }
    }

    /// A log that shows another history after the monitor trusted one: two roots for one size,
    /// then a larger tree its proof does not connect. Each is a split view with evidence, and the
    /// trusted checkpoint is kept.
    @Test func anotherHistoryIsASplitView() async throws {
        try await withLog("forks", entries: 5) { dir, key, log, client in
            let monitor = SplitViewMonitor(log: client, key: key.verifierKey, store: MonitorStateFile(path: dir + "/state"))
            _ = try await monitor.check()
            let trusted = try #require(try monitor.trusted())

            try log.set(Self.entries(5, "other"))
            guard case .splitView(let sameSize) = try await monitor.check() else { Issue.record("no split view"); return }
            #expect(sameSize.reason == "two checkpoints of size 5 with different root hashes" && sameSize.proof == nil)
            #expect(sameSize.noteA == trusted.note && sameSize.sourceA == "monitor state \(dir)/state" && sameSize.sourceB == client.baseURL)

            try log.set(Self.entries(8, "other"))
            guard case .splitView(let larger) = try await monitor.check() else { Issue.record("no split view"); return }
            #expect(larger.reason == "the checkpoint of size 5 is not consistent with the one of size 8")
            let proof = try #require(larger.proof)
            #expect(!proof.isEmpty)
            #expect(larger.text.hasPrefix("receiptlog split-view evidence v1\nreason: \(larger.reason)\n"))
            #expect(larger.text.contains(trusted.note.text) && larger.text.contains(Base64.encode(proof[0].bytes)))
            #expect((try monitor.trusted())?.note == trusted.note)
        }
    }

    /// A witness that cosigned another history of the log disagrees with the trusted
    /// checkpoint, which the same check saved; one that cosigned this history agrees.
    @Test func aWitnessOnAnotherHistoryDisagrees() async throws {
        try await withLog("witnessed", entries: 5) { dir, key, log, client in
            let witness = try RunningWitness(directory: dir + "/w", logs: try LogList(keys: [key.name: [key.verifierKey]]))
            try await witness.start()
            let witnessClient = try LogClient(baseURL: "http://127.0.0.1:\(witness.port)")
            let cosigned = try Note(parsing: log.contents.withLock { $0.checkpoint })
            _ = try witness.witness.addCheckpoint(AddCheckpointRequest(oldSize: 0, proof: [], note: cosigned))

            let agreeing = SplitViewMonitor(
                log: client, key: key.verifierKey, witnesses: [witnessClient], store: MonitorStateFile(path: dir + "/agreeing"))
            guard case .consistent(_, true) = try await agreeing.check() else { Issue.record("the witness disagrees"); return }

            try log.set(Self.entries(5, "other"))
            let monitor = SplitViewMonitor(
                log: client, key: key.verifierKey, witnesses: [witnessClient], store: MonitorStateFile(path: dir + "/state"))
            let outcome = try await monitor.check()
            guard case .witnessDisagreement(let url, let evidence, let trusted, true) = outcome else {
                Issue.record("no disagreement: \(outcome)")
                await witness.stop()
                return
            }
            #expect(url == witnessClient.baseURL && trusted.treeSize == 5)
            #expect(evidence.reason == "two checkpoints of size 5 with different root hashes")
            // The witness serves the checkpoint with its own cosignature added.
            #expect(evidence.sourceB == "witness \(witnessClient.baseURL)" && evidence.noteB.text == cosigned.text)
            #expect(evidence.noteB.signatures.count == 2)
            #expect(outcome.evidence?.reason == evidence.reason)
            await witness.stop()
        }
    }

    /// A state the log key did not sign cannot be used: the check throws `unusableState`, and
    /// tiles that do not match the larger checkpoint throw `verificationFailed`, neither with
    /// evidence.
    @Test func checksThatCannotRunThrow() async throws {
        try await withLog("cannot-run", entries: 300) { dir, key, log, client in
            let store = MonitorStateFile(path: dir + "/state")
            try store.save(Array("not a note".utf8))
            let monitor = SplitViewMonitor(log: client, key: key.verifierKey, store: store)
            let unusable = await Self.failure { () throws(LogClientError) in _ = try await monitor.check() }
            #expect(
                unusable?.code == .unusableState && unusable?.message.contains("is not a checkpoint signed by the log key") == true,
                "\(String(describing: unusable))")

            let fresh = SplitViewMonitor(log: client, key: key.verifierKey, store: MonitorStateFile(path: dir + "/fresh"))
            _ = try await fresh.check()
            try log.set(Self.entries(600))
            log.corruptTile(level: 0, index: 1, position: 10)
            let badTile = await Self.failure { () throws(LogClientError) in _ = try await fresh.check() }
            #expect(badTile?.code == .verificationFailed, "\(String(describing: badTile))")
            #expect(badTile?.message.contains("tile/0/001") == true && badTile?.message.contains("retry") == true, "\(String(describing: badTile))")
            #expect((try fresh.trusted())?.checkpoint.treeSize == 300)
        }
    }
}
