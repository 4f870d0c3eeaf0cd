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

/// Keeps every line logged through it, for tests that read what the log said.
struct CapturingLogHandler: LogHandler {
    /// The lines, shared by every copy of the handler.
    final class Lines: Sendable {
        private let lines = Mutex<[(level: Logger.Level, message: String)]>([])
        func append(_ level: Logger.Level, _ message: String) { lines.withLock { $0.append((level, message)) } }
        var all: [(level: Logger.Level, message: String)] { lines.withLock { $0 } }
    }

    let lines: Lines
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        lines.append(event.level, event.message.description)
    }
}

/// The log explains a missing witness quorum, witness by witness, once and not every round, and
/// says when the quorum is back, with real witnesses over loopback, one stopped and restarted.
@Suite(.serialized) struct WitnessQuorumLogTests {
    @Test func missingQuorumIsExplainedOnceAndItsReturnIsLogged() async throws {
        let dir = NSTemporaryDirectory() + "quorum-log-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let origin = "example.com/quorum-log"
        let logKey = try SignerKey.generate(name: origin, type: .ed25519)
        let logs = try LogList(keys: [origin: [logKey.verifierKey]])
        // w2 knows another log only: it answers 404 UNKNOWN_ORIGIN to every round.
        let otherKey = try SignerKey.generate(name: "example.com/other", type: .ed25519)
        let witnesses = [
            try RunningWitness(directory: "\(dir)/w0", logs: logs),
            try RunningWitness(directory: "\(dir)/w1", logs: logs),
            try RunningWitness(directory: "\(dir)/w2", logs: try LogList(keys: ["example.com/other": [otherKey.verifierKey]])),
        ]
        for w in witnesses { try await w.start() }

        let file = witnesses.enumerated().map { "witness w\($0.offset) \($0.element.key.encoded) http://127.0.0.1:\($0.element.port)" }
            .joined(separator: "\n") + "\nquorum 2\n"
        var policy = try WitnessingPolicy(file: Array(file.utf8))
        // Bounds each round while w1 is down; loopback witnesses on a loaded machine may be slow.
        policy.timeout = .seconds(5)
        let captured = CapturingLogHandler.Lines()
        let issuer = Ed25519PrivateKey()
        let service = try LogService(
            storage: MemoryLogStorage(), record: MemorySignedHeadRecord(), newLog: true,
            signer: LogSigner(key: logKey, origin: origin),
            policy: RegistrationPolicy(issuers: IssuerList(keys: [IssuerKey(name: "issuer.example", publicKey: issuer.publicKey)])),
            configuration: LogConfiguration(origin: origin, batchMaxCount: 16, batchMaxAge: .milliseconds(1)),
            metrics: LogMetrics(factory: NOOPMetricsHandler.instance),
            logger: Logger(label: "log", factory: { _ in CapturingLogHandler(lines: captured) }),
            witnessing: (policy, HTTPWitnessTransport()))
        func register(_ subject: String) async throws {
            let statement = try SignedStatement.sign(
                issuer: "issuer.example", subject: subject, contentType: nil, payload: Array(subject.utf8), key: issuer)
            _ = try await service.register(statement.message.encoded(tagged: true))
        }
        func quorumLines() -> [(level: Logger.Level, message: String)] { captured.all.filter { $0.message.contains("witness") } }

        // w0 and w1 cosign: the quorum holds from the first round, and w2's 404 is not worth a line.
        try await register("a")
        await service.witnessNow()
        #expect(service.status().published?.treeSize == 1)
        #expect(quorumLines().isEmpty, "\(quorumLines())")

        // w1 stopped: the round misses the quorum and says why for each witness, at once.
        await witnesses[1].stop()
        try await register("b")
        await service.witnessNow()
        let missed = quorumLines()
        #expect(missed.count == 3, "\(missed)")
        #expect(missed.allSatisfy { $0.level == .warning })
        #expect(missed.first?.message == "witness quorum missing at tree size 2: 1 of the 2 cosignatures needed (w0)")
        #expect(missed.contains { $0.message.hasPrefix("witness w1 did not cosign tree size 2: unreachable") }, "\(missed)")
        #expect(
            missed.contains { $0.message.hasPrefix("witness w2 did not cosign tree size 2: HTTP 404: UNKNOWN_ORIGIN: ") }, "\(missed)")

        // The next rounds miss for the same reasons: nothing more within the summary interval.
        try await register("c")
        await service.witnessNow()
        await service.witnessNow()
        #expect(quorumLines().count == 3, "\(quorumLines())")

        // w1 back on its port: one line says the quorum is regained, at which size and by whom.
        try await witnesses[1].start()
        await service.witnessNow()
        #expect(service.status().published?.treeSize == 3)
        let all = quorumLines()
        #expect(all.count == 4, "\(all)")
        let regained = all.last
        #expect(regained?.level == .info)
        #expect(regained?.message.hasPrefix("witness quorum regained at tree size 3 after ") == true, "\(all)")
        #expect(regained?.message.hasSuffix(" s: w0, w1 cosigned") == true, "\(all)")

        await service.shutdown()
        for w in witnesses { await w.stop() }
    }
}
