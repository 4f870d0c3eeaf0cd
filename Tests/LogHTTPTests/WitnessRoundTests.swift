import CryptoPrimitives
import Foundation
import LogEngine
import LogHTTP
import LogStorage
import Logging
import Metrics
import Notes
import Statements
import Synchronization
import Testing
import WitnessEngine

/// A transport to real witnesses, except that requests to the `silent` URLs never get an answer
/// (until they are cancelled), like a witness that accepted the connection and hung.
struct SilentWitnessTransport: WitnessTransport {
    let inner = HTTPWitnessTransport()
    let silent: Set<String>

    func addCheckpoint(url: String, body: [UInt8], timeout: Duration) async throws -> WitnessAnswer {
        if silent.contains(url) {
            try await Task.sleep(for: .seconds(86_400))
            throw CancellationError()
        }
        return try await inner.addCheckpoint(url: url, body: body, timeout: timeout)
    }
}

/// Witnessing rounds under an injected clock: no test here waits for time to pass.
@Suite(.serialized) struct WitnessRoundTests {
    let dir = NSTemporaryDirectory() + "witness-rounds-\(UUID().uuidString)"
    let key: SignerKey
    let issuer = Ed25519PrivateKey()
    let storage = MemoryLogStorage()
    let record = MemorySignedHeadRecord()

    init() throws {
        key = try SignerKey.generate(name: "example.com/rounds", type: .ed25519)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    func witnesses(_ count: Int) async throws -> [RunningWitness] {
        let logs = try LogList(keys: [key.name: [key.verifierKey]])
        let all = try (0..<count).map { try RunningWitness(directory: "\(dir)/w\($0)", logs: logs) }
        for w in all { try await w.start() }
        return all
    }

    func policy(_ witnesses: [RunningWitness], quorum: Int, extra: [String] = []) throws -> WitnessingPolicy {
        let lines = witnesses.enumerated().map { "witness w\($0.offset) \($0.element.key.encoded) http://127.0.0.1:\($0.element.port)" }
        var policy = try WitnessingPolicy(file: Array(((lines + extra).joined(separator: "\n") + "\nquorum \(quorum)\n").utf8))
        // A loaded machine's loopback witness may take seconds: where a test lets time run, it
        // waits long; where it needs a timeout, it uses a ManualClock.
        policy.timeout = .seconds(60)
        return policy
    }

    func open(_ policy: WitnessingPolicy, transport: any WitnessTransport, clock: any Clock<Duration>, newLog: Bool) throws -> LogService {
        try LogService(
            storage: storage, record: record, newLog: newLog, signer: LogSigner(key: key, origin: key.name),
            policy: RegistrationPolicy(issuers: IssuerList(keys: [IssuerKey(name: "issuer.example", publicKey: issuer.publicKey)])),
            configuration: LogConfiguration(origin: key.name, batchMaxCount: 16, batchMaxAge: .milliseconds(1)),
            metrics: LogMetrics(factory: NOOPMetricsHandler.instance),
            logger: Logger(label: "log", factory: { _ in SwiftLogNoOpLogHandler() }),
            witnessing: (policy, transport), clock: clock)
    }

    func register(_ service: LogService, _ subjects: [String]) async throws {
        for s in subjects {
            let statement = try SignedStatement.sign(issuer: "issuer.example", subject: s, contentType: nil, payload: Array(s.utf8), key: issuer)
            _ = try await service.register(statement.message.encoded(tagged: true))
        }
    }

    /// A witness that never answers does not hold publication up: the checkpoint is published
    /// as soon as the other two cosigned, and the round ends when the silent one's timeout runs
    /// out on the clock.
    @Test(.timeLimit(.minutes(1))) func aSilentWitnessDoesNotHoldUpTheRound() async throws {
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let live = try await witnesses(2)
        let silentKey = try SignerKey.generate(name: "silent.example", type: .cosignatureV1)
        let silentURL = "http://127.0.0.1:9"
        let policy = try policy(live, quorum: 2, extra: ["witness silent \(silentKey.verifierKey.encoded) \(silentURL)"])
        let clock = ManualClock()
        let service = try open(policy, transport: SilentWitnessTransport(silent: [silentURL]), clock: clock, newLog: true)
        try await register(service, ["a", "b", "c"])
        let round = Task { await service.witnessNow() }
        // Every exchange bounds itself by a sleep on the clock; the two live witnesses answer and
        // their sleeps are cancelled, and only the silent witness's exchange still waits.
        await clock.waitUntil(asked: 3, sleeping: 1)
        #expect(live.allSatisfy { (try? $0.witness.latestCheckpoint(origin: key.name))??.treeSize == 3 })
        // Published before the silent witness's time is up (the clock has not moved).
        while (try? service.publishedCheckpoint()) == nil { try await Task.sleep(for: .milliseconds(1)) }
        let published = try Note(parsing: try service.publishedCheckpoint())
        clock.advance(by: policy.timeout)
        await round.value
        #expect(try service.publishedCheckpoint() == published.encoded)
        #expect(try Checkpoint(text: published.text).treeSize == 3)
        #expect(policy.policy.verifiedCosignatures(on: published).count == 2)
        await service.shutdown()
        for w in live { await w.stop() }
    }

    /// After a restart, the cosignatures stored with the recovered checkpoint do not count
    /// again: with one witness of three left, the quorum of two is not met, and no note carries
    /// two lines from one witness.
    @Test(.timeLimit(.minutes(1))) func recoveredCosignaturesDoNotCountAgain() async throws {
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let all = try await witnesses(3)
        let policy = try policy(all, quorum: 2)
        do {
            let service = try open(policy, transport: HTTPWitnessTransport(), clock: ContinuousClock(), newLog: true)
            try await register(service, ["a", "b"])
            await service.witnessNow()
            let published = try Note(parsing: try service.publishedCheckpoint())
            #expect(policy.policy.verifiedCosignatures(on: published).count == 3)
            // The proof for the published size carries the cosignatures.
            let proof = try service.proof(index: 0, treeSize: 2)
            #expect(proof.treeHead.note == published)
            #expect(try service.proof(index: 1).treeHead.note == published)
            await service.shutdown()
        }
        // Two of the three witnesses no longer answer.
        let gone = Set(all.dropFirst().map { "http://127.0.0.1:\($0.port)" })
        let clock = ManualClock()
        let restarted = try open(policy, transport: SilentWitnessTransport(silent: gone), clock: clock, newLog: false)
        #expect(restarted.treeHead.treeSize == 2)
        #expect(restarted.treeHead.note.signatures.count == 4)  // the stored note: the log and three witnesses
        // The live witness answers (a 409 with its size to the restarted log, which knows no
        // witness's size yet, then the cosignature: two exchanges); the two silent ones run out
        // of time on the clock.
        let round = Task { await restarted.witnessNow() }
        await clock.waitUntil(asked: 4, sleeping: 2)
        clock.advance(by: policy.timeout)
        await round.value
        let stored = try Note(parsing: try #require(storage.checkpoint(treeSize: 2)))
        let names = stored.signatures.map(\.name)
        #expect(Set(names).count == names.count, "\(names)")
        #expect(stored.signatures.count == 4)  // unchanged: this round had one cosignature of two
        await restarted.shutdown()
        for w in all { await w.stop() }
    }
}
