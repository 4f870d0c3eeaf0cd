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
import WitnessHTTP

/// Real witness engines called in process, with the statuses of the witness's HTTP table.
struct DirectWitnessTransport: WitnessTransport {
    let witnesses: [String: Witness]

    func addCheckpoint(url: String, body: [UInt8], timeout: Duration) async throws -> WitnessAnswer {
        let witness = try #require(witnesses[url])
        do {
            return WitnessAnswer(status: 200, contentType: "text/plain; charset=utf-8", body: try witness.addCheckpoint(body: body))
        } catch {
            let status = Int(WitnessStatus.status(for: error.code).code)
            if error.code == .oldSizeMismatch, let size = error.knownTreeSize {
                return WitnessAnswer(status: status, contentType: WitnessRoutes.treeSizeContentType, body: Array("\(size)\n".utf8))
            }
            return WitnessAnswer(status: status, contentType: "text/plain; charset=utf-8", body: Array(error.message.utf8))
        }
    }
}

/// The write of a witnessing round (the cosigned checkpoint and the published mark) fails
/// before and after it persists, as every other write does (FaultInjectionTests): the restarted
/// log publishes only checkpoints with a quorum that extend one another, and publishes again.
@Suite struct WitnessingFaultTests {
    /// Writes of a run: start-up (2), one batch (3), the round's commit (1).
    static var points: [FaultPoint] {
        (0..<6).flatMap { [FaultPoint(step: $0, when: .before), FaultPoint(step: $0, when: .after)] }
    }

    @Test(arguments: points) func aFaultInARoundLeavesThePublishedCheckpointConsistent(_ point: FaultPoint) async throws {
        let directory = NSTemporaryDirectory() + "witnessing-faults-\(UUID().uuidString)"
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
        let transport = DirectWitnessTransport(witnesses: witnesses)
        let storage = MemoryLogStorage()
        let record = MemorySignedHeadRecord()
        let issuer = Ed25519PrivateKey()
        func open(_ storage: any LogStorage, _ record: any SignedHeadRecord, newLog: Bool) throws -> LogService {
            try LogService(
                storage: storage, record: record, newLog: newLog, signer: LogSigner(key: key, origin: key.name),
                policy: RegistrationPolicy(issuers: IssuerList(keys: [IssuerKey(name: "issuer.example", publicKey: issuer.publicKey)])),
                configuration: LogConfiguration(origin: key.name, batchMaxCount: 16, batchMaxAge: .milliseconds(1)),
                metrics: LogMetrics(factory: NOOPMetricsHandler.instance),
                logger: Logger(label: "log", factory: { _ in SwiftLogNoOpLogHandler() }), witnessing: (policy, transport))
        }
        let log = try TestLog(storage: storage, record: record, logKey: key, issuer: issuer)

        let plan = FaultPlan(point)
        do {
            let service = try open(FaultyLogStorage(storage, plan: plan), FaultySignedHeadRecord(record, plan: plan), newLog: true)
            _ = try? await service.register(try log.statement("a"))
            await service.witnessNow()
            await service.shutdown()
        } catch {
            // A write of start-up failed: the log did not start.
        }
        #expect(plan.writes.count > point.step, "the fault \(point) struck")

        let restarted = try open(storage, record, newLog: try record.load() == nil)
        _ = try await restarted.register(try log.statement("b"))
        await restarted.witnessNow()
        let head = restarted.treeHead
        let published = try Note(parsing: try restarted.publishedCheckpoint())
        #expect(policy.policy.isSatisfied(by: published))
        #expect(try Checkpoint(text: published.text) == head.checkpoint, "\(point)")
        // Every checkpoint written anywhere, cosigned or not, is a prefix of the new head.
        for bytes in plan.signedNotes {
            let signed = try Checkpoint(text: try Note(parsing: bytes).text)
            if signed.treeSize == 0 {
                #expect(signed.rootHash == Hash.emptyTree)
            } else if signed.treeSize == head.treeSize {
                #expect(signed.rootHash == head.rootHash)
            } else {
                try restarted.consistencyProof(from: signed.treeSize, to: head.treeSize).verify(oldRoot: signed.rootHash, newRoot: head.rootHash)
            }
        }
        #expect(restarted.alarm == nil, "\(point): \(restarted.alarm?.message ?? "")")
        await restarted.shutdown()
    }
}
