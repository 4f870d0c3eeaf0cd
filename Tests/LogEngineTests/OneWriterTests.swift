import CryptoPrimitives
import Foundation
import LogEngine
import LogStorage
import Logging
import Merkle
import Metrics
import Notes
import Statements
import Testing
import WitnessEngine

/// The sequencer thread is the store's one writer: its batches and checkpoints, and the
/// witnessing rounds' publications (the cosigned checkpoint and the published size), are all
/// committed on it (docs/architecture.md, "Who owns which state").
@Suite struct OneWriterTests {
    @Test func everyCommitAfterStartIsMadeOnTheSequencerThread() async throws {
        let directory = NSTemporaryDirectory() + "one-writer-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let key = try SignerKey.generate(name: TestLog.origin, type: .ed25519)
        let logs = try LogList(keys: [key.name: [key.verifierKey]])
        var witnesses: [String: Witness] = [:]
        var lines: [String] = []
        for i in 0..<2 {
            let w = try Witness.open(directory: "\(directory)/w\(i)", logs: logs, name: "w\(i).example").witness
            witnesses["http://w\(i).example"] = w
            lines.append("witness w\(i) \(w.key.verifierKey.encoded) http://w\(i).example")
        }
        let policy = try WitnessingPolicy(file: Array((lines.joined(separator: "\n") + "\nquorum 2\n").utf8))
        let storage = MemoryLogStorage()
        let record = MemorySignedHeadRecord()
        let issuer = Ed25519PrivateKey()
        let plan = FaultPlan(nil)
        let service = try LogService(
            storage: FaultyLogStorage(storage, plan: plan), record: FaultySignedHeadRecord(record, plan: plan), newLog: true,
            signer: LogSigner(key: key, origin: key.name),
            policy: RegistrationPolicy(issuers: IssuerList(keys: [IssuerKey(name: "issuer.example", publicKey: issuer.publicKey)])),
            configuration: LogConfiguration(origin: key.name, batchMaxCount: 16, batchMaxAge: .milliseconds(1)),
            metrics: LogMetrics(factory: NOOPMetricsHandler.instance),
            logger: Logger(label: "log", factory: { _ in SwiftLogNoOpLogHandler() }),
            witnessing: (policy, DirectWitnessTransport(witnesses: witnesses)))
        let log = try TestLog(storage: storage, record: record, logKey: key, issuer: issuer)
        let startUp = plan.writes.count
        for subject in ["a", "b"] {
            _ = try await service.register(try log.statement(subject))
            await service.witnessNow()
        }
        await service.shutdown()

        let writes = Array(zip(plan.writes, plan.threads).dropFirst(startUp))
        // Two batches (entries, record, checkpoint each) and at least one publication per round.
        let publications = writes.filter { $0.0.contains("published") }
        #expect(publications.count >= 2, "\(writes)")
        #expect(writes.count >= 6 + publications.count)
        for (what, thread) in writes {
            #expect(thread == "rl-sequencer", "\(what) ran on \(thread.isEmpty ? "an unnamed thread" : thread)")
        }
        let published = try Note(parsing: storage.checkpoint(treeSize: 2) ?? [])
        #expect(policy.policy.isSatisfied(by: published))
    }
}
