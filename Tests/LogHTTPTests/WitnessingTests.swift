import CryptoPrimitives
import Foundation
import Hummingbird
import LogEngine
import LogHTTP
import LogStorage
import Logging
import Metrics
import NIOCore
import Notes
import Statements
import Testing
import WitnessEngine
import WitnessHTTP

/// One witness served over loopback, which a test can stop and start again on the same port.
final class RunningWitness: @unchecked Sendable {
    // Safe to share: `task` and `port` are only touched by the test's own sequential code.
    let witness: Witness
    var port = 0
    private var task: Task<Void, any Error>?

    init(directory: String, logs: LogList) throws {
        witness = try Witness.open(directory: directory, logs: logs, name: "witness-\(UUID().uuidString.prefix(8)).example").witness
    }

    var key: VerifierKey { witness.key.verifierKey }

    /// Starts serving (on the port it had before, if any) and waits until it listens.
    func start() async throws {
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = WitnessApplication.build(
            witness: witness, address: .hostname("127.0.0.1", port: port),
            logger: Logger(label: "witness", factory: { _ in SwiftLogNoOpLogHandler() }),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) })
        task = Task { try await app.run() }
        for await p in stream {
            port = p
            break
        }
    }

    /// Stops serving; the port is free again when it returns.
    func stop() async {
        task?.cancel()
        _ = await task?.result
        task = nil
    }
}

@Suite(.serialized) struct WitnessingTests {
    @Test func twoOfThreeWitnessesPublishAndFailClosedStopsAdvancing() async throws {
        let dir = NSTemporaryDirectory() + "witnessing-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let origin = "example.com/witnessed-log"
        let logKey = try SignerKey.generate(name: origin, type: .ed25519)
        let logs = try LogList(keys: [origin: [logKey.verifierKey]])
        let witnesses = try (0..<3).map { try RunningWitness(directory: "\(dir)/w\($0)", logs: logs) }
        for w in witnesses { try await w.start() }

        let policyFile = witnesses.enumerated().map { "witness w\($0.offset) \($0.element.key.encoded) http://127.0.0.1:\($0.element.port)" }
            .joined(separator: "\n") + "\nquorum 2\n"
        var policy = try WitnessingPolicy(file: Array(policyFile.utf8))
        policy.interval = .milliseconds(50)
        // Loopback witnesses on a loaded machine may take seconds; a stopped one is retried by the
        // HTTP client until the timeout, which then bounds each round while two are down.
        policy.timeout = .seconds(10)
        let issuer = Ed25519PrivateKey()
        let service = try LogService(
            storage: MemoryLogStorage(), record: MemorySignedHeadRecord(), newLog: true,
            signer: LogSigner(key: logKey, origin: origin),
            policy: RegistrationPolicy(issuers: IssuerList(keys: [IssuerKey(name: "issuer.example", publicKey: issuer.publicKey)])),
            configuration: LogConfiguration(origin: origin, batchMaxCount: 16, batchMaxAge: .milliseconds(1)),
            metrics: LogMetrics(factory: NOOPMetricsHandler.instance),
            logger: Logger(label: "log", factory: { _ in SwiftLogNoOpLogHandler() }),
            witnessing: (policy, HTTPWitnessTransport()))
        func register(_ subject: String) async throws {
            let statement = try SignedStatement.sign(
                issuer: "issuer.example", subject: subject, contentType: nil, payload: Array(subject.utf8), key: issuer)
            _ = try await service.register(statement.message.encoded(tagged: true))
        }
        func published() throws -> (size: UInt64, cosigners: Int) {
            let note = try Note(parsing: try service.publishedCheckpoint())
            _ = try note.verify(with: [logKey.verifierKey])
            return (try Checkpoint(text: note.text).treeSize, policy.policy.verifiedCosignatures(on: note).count)
        }
        /// Waits up to 2 minutes for the published checkpoint to reach `size`.
        func waitForPublished(_ size: UInt64) async throws -> Bool {
            for _ in 0..<2400 {
                if let p = try? published(), p.size == size { return true }
                try await Task.sleep(for: .milliseconds(50))
            }
            return false
        }

        let rounds = Task { await service.runWitnessing() }
        defer { rounds.cancel() }

        // Before any quorum, fail closed serves nothing.
        #expect(throws: LogEngineError(.noQuorum, "")) { try service.publishedCheckpoint() }
        for i in 0..<5 { try await register("a\(i)") }
        #expect(try await waitForPublished(5))
        #expect(try published().cosigners >= 2)

        // Two witnesses down: registration goes on, publishing stops at 5.
        await witnesses[1].stop()
        await witnesses[2].stop()
        for i in 0..<5 { try await register("b\(i)") }
        #expect(service.treeHead.treeSize == 10)
        // A whole round over the new head, run to its end (not a wait on the clock): with one
        // witness of three it cannot publish.
        await service.witnessNow()
        #expect(try published().size == 5)

        // One comes back: the quorum holds again and publishing resumes at 10.
        try await witnesses[2].start()
        #expect(try await waitForPublished(10))
        let final = try published()
        #expect(final.cosigners >= 2)
        // Every witness that cosigned holds the log's view.
        for w in [witnesses[0], witnesses[2]] {
            #expect(try w.witness.latestCheckpoint(origin: origin)?.checkpoint.treeSize == 10)
        }
        rounds.cancel()
        await service.shutdown()
        for w in witnesses { await w.stop() }
    }
}
