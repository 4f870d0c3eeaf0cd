import CryptoPrimitives
import Foundation
import HTTPTestSupport
import Hummingbird
import LogEngine
import LogClient
import LogHTTP
import LogStorage
import Logging
import Metrics
import Notes
import Prometheus
import Statements
import Synchronization
import Testing
import WitnessEngine

/// A transport that records every status the witnesses answered.
final class RecordingTransport: WitnessTransport {
    let inner = HTTPWitnessTransport()
    let statuses = Mutex<[Int]>([])

    func addCheckpoint(url: String, body: [UInt8], timeout: Duration) async throws -> WitnessAnswer {
        let answer = try await inner.addCheckpoint(url: url, body: body, timeout: timeout)
        statuses.withLock { $0.append(answer.status) }
        return answer
    }
}

/// A log service over loopback HTTP, for drills.
struct ServedLog {
    let service: LogService
    let task: Task<Void, any Error>
    let url: String

    /// Starts a log over loopback HTTP; `first` subjects are registered before the server (and
    /// so its witnessing rounds) starts.
    static func start(
        key: SignerKey, issuer: Ed25519PrivateKey, policy: WitnessingPolicy, transport: any WitnessTransport,
        registering first: [String] = []
    ) async throws -> ServedLog {
        let service = try LogService(
            storage: MemoryLogStorage(), record: MemorySignedHeadRecord(), newLog: true,
            signer: LogSigner(key: key, origin: key.name),
            policy: RegistrationPolicy(issuers: IssuerList(keys: [IssuerKey(name: "issuer.example", publicKey: issuer.publicKey)])),
            configuration: LogConfiguration(origin: key.name, batchMaxCount: 16, batchMaxAge: .milliseconds(1)),
            metrics: LogMetrics(factory: NOOPMetricsHandler.instance),
            logger: Logger(label: "log", factory: { _ in SwiftLogNoOpLogHandler() }),
            witnessing: (policy, transport))
        for s in first {
            let statement = try SignedStatement.sign(issuer: "issuer.example", subject: s, contentType: nil, payload: Array(s.utf8), key: issuer)
            _ = try await service.register(statement.message.encoded(tagged: true))
        }
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = LogServer.application(
            service: service, registry: PrometheusCollectorRegistry(), host: "127.0.0.1", port: 0,
            logger: Logger(label: "http", factory: { _ in SwiftLogNoOpLogHandler() }),
            onRunning: { continuation.yield($0) })
        let task = Task { try await app.run() }
        var port = 0
        for await p in stream {
            port = p
            break
        }
        return ServedLog(service: service, task: task, url: "http://127.0.0.1:\(port)")
    }

    func register(_ subjects: [String], issuer: Ed25519PrivateKey) async throws {
        for s in subjects {
            let statement = try SignedStatement.sign(issuer: "issuer.example", subject: s, contentType: nil, payload: Array(s.utf8), key: issuer)
            _ = try await service.register(statement.message.encoded(tagged: true))
        }
    }
}

@Suite(.serialized) struct ForkDrillTests {
    /// A second log with the log's key and origin but another history offers its checkpoint to
    /// the witnesses: each refuses it (409, then 422 after resyncing), it never reaches the
    /// quorum, the second log raises its alarm and signs nothing more, and `receiptlog monitor`
    /// writes evidence and exits 3. A log that starts empty beside witnesses that hold its
    /// larger tree raises the alarm at the first round. Witness timeouts are long: on a loaded
    /// machine a loopback witness may take seconds, and the drill is about forks, not time.
    @Test func aForkedLogNeverReachesTheQuorumAndTheMonitorCatchesIt() async throws {
        let dir = NSTemporaryDirectory() + "fork-drill-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let key = try SignerKey.generate(name: "example.com/drilled-log", type: .ed25519)
        let logs = try LogList(keys: [key.name: [key.verifierKey]])
        let witnesses = try (0..<3).map { try RunningWitness(directory: "\(dir)/w\($0)", logs: logs) }
        for w in witnesses { try await w.start() }
        let policyFile = witnesses.enumerated().map { "witness w\($0.offset) \($0.element.key.encoded) http://127.0.0.1:\($0.element.port)" }
            .joined(separator: "\n") + "\nquorum 2\n"
        var policy = try WitnessingPolicy(file: Array(policyFile.utf8))
        policy.timeout = .seconds(120)
        let issuer = Ed25519PrivateKey()

        let honest = try await ServedLog.start(
            key: key, issuer: issuer, policy: policy, transport: HTTPWitnessTransport(),
            registering: (0..<5).map { "honest-\($0)" })
        await honest.service.witnessNow()
        let published = try Note(parsing: try honest.service.publishedCheckpoint())
        #expect(try Checkpoint(text: published.text).treeSize == 5)

        // An empty log under the same key (a lost store started anew): the witnesses hold size 5.
        let empty = RecordingTransport()
        let restarted = try await ServedLog.start(key: key, issuer: issuer, policy: policy, transport: empty)
        await restarted.service.witnessNow()
        #expect(restarted.service.alarm?.message.contains("holds a tree of size 5, larger than the log's 0") == true)
        #expect(empty.statuses.withLock { $0 }.allSatisfy { $0 == 409 })
        await #expect(throws: (any Error).self) { try await restarted.register(["after the alarm"], issuer: issuer) }
        do {
            _ = try await LogClient(baseURL: restarted.url).get("/healthz")
            Issue.record("a log in alarm answered /healthz with 200")
        } catch {
            #expect(error.code == .status && error.message.contains("503"), "\(error.message)")
        }

        // A fork with six other entries serves its own checkpoints whatever the witnesses say
        // (fail open) until its alarm.
        let recording = RecordingTransport()
        var forkPolicy = policy
        forkPolicy.failOpen = true
        let fork = try await ServedLog.start(
            key: key, issuer: issuer, policy: forkPolicy, transport: recording,
            registering: (0..<6).map { "forked-\($0)" })
        await fork.service.witnessNow()
        let forked = try Note(parsing: try fork.service.publishedCheckpoint())
        #expect(try Checkpoint(text: forked.text).treeSize == 6)
        #expect(policy.policy.verifiedCosignatures(on: forked).isEmpty)
        let statuses = recording.statuses.withLock { $0 }
        #expect(!statuses.isEmpty && !statuses.contains(200), "\(statuses)")
        #expect(statuses.allSatisfy { $0 == 409 || $0 == 422 }, "\(statuses)")
        #expect(statuses.contains(422), "after resyncing, the forked proof fails: \(statuses)")
        #expect(fork.service.alarm?.message.contains("refused the consistency proof from size 5 to 6") == true)
        await #expect(throws: (any Error).self) { try await fork.register(["more"], issuer: issuer) }
        #expect(fork.service.treeHead.treeSize == 6)
        for w in witnesses {
            #expect(try w.witness.latestCheckpoint(origin: key.name)?.checkpoint == (try Checkpoint(text: published.text)))
        }

        // The monitor, following the fork and comparing with the witnesses, writes evidence.
        let evidence = dir + "/evidence.txt"
        let result = try await ChildProcess.runOnThread([
            "monitor", "--log", fork.url, "--vkey", key.verifierKey.encoded, "--once",
            "--state", dir + "/monitor.state", "--evidence", evidence,
        ] + witnesses.flatMap { ["--witness", "http://127.0.0.1:\($0.port)"] })
        #expect(result.status == 3, "stdout: \(result.stdout) stderr: \(result.stderr)")
        let text = try String(contentsOfFile: evidence, encoding: .utf8)
        #expect(text.hasPrefix("receiptlog split-view evidence v1\n"))
        #expect(text.contains(published.text) && text.contains("\n6\n"))

        // Following the honest log instead finds nothing.
        let clean = try await ChildProcess.runOnThread([
            "monitor", "--log", honest.url, "--vkey", key.verifierKey.encoded, "--once", "--state", dir + "/honest.state",
        ] + witnesses.flatMap { ["--witness", "http://127.0.0.1:\($0.port)"] })
        #expect(clean.status == 0, "\(clean.stdout) \(clean.stderr)")

        for log in [honest, restarted, fork] {
            log.task.cancel()
            _ = await log.task.result
            await log.service.shutdown()
        }
        for w in witnesses { await w.stop() }
    }
}
