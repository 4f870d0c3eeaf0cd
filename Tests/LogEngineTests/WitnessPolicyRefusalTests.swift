import CryptoPrimitives
import LogEngine
import LogStorage
import Logging
import Metrics
import Notes
import Statements
import Testing

/// Witness policies a log refuses at start.
@Suite struct WitnessPolicyRefusalTests {
    /// A witness key (type 0x04) whose name and key ID equal the log key's (type 0x01): the two
    /// seeds were searched for so that the 4-byte key IDs collide.
    static let name = "example.com/collided-log"
    static func seed(_ label: String, _ n: UInt32) -> [UInt8] {
        SHA256.digest(Array(label.utf8) + [UInt8(n >> 24), UInt8(n >> 16 & 0xff), UInt8(n >> 8 & 0xff), UInt8(n & 0xff)])
    }

    static func open(witnesses file: String, key: SignerKey) throws -> LogService {
        try LogService(
            storage: MemoryLogStorage(), record: MemorySignedHeadRecord(), newLog: true,
            signer: LogSigner(key: key, origin: key.name), policy: RegistrationPolicy(issuers: IssuerList(keys: [])),
            configuration: LogConfiguration(origin: key.name), metrics: LogMetrics(factory: NOOPMetricsHandler.instance),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
            witnessing: (try WitnessingPolicy(file: Array(file.utf8)), UnusedWitnessTransport()))
    }

    @Test func aWitnessKeyWithTheLogKeysNameAndIDIsRefused() throws {
        let log = try SignerKey(name: Self.name, type: .ed25519, privateKey: Ed25519PrivateKey(seed: Self.seed("log", 4754)))
        let witness = try SignerKey(
            name: Self.name, type: .cosignatureV1, privateKey: Ed25519PrivateKey(seed: Self.seed("witness", 48951)))
        #expect(log.keyID == witness.keyID && log.keyID == 0xb705_9c55)
        // Why: its cosignature line claims to be the log's, and a note carrying it no longer
        // verifies with the log key (c2sp.org/signed-note: a known key's failing line rejects it).
        let checkpoint = try Checkpoint(origin: Self.name, treeSize: 0, rootHash: .emptyTree)
        let poisoned = try log.sign(checkpoint).adding(try witness.cosign(checkpoint, timestamp: 1).noteSignature)
        #expect(throws: NotesError(.badSignature, "")) { try poisoned.verify(with: [log.verifierKey]) }

        let file = "witness w0 \(witness.verifierKey.encoded) http://127.0.0.1:9\nquorum 1\n"
        do {
            _ = try Self.open(witnesses: file, key: log)
            Issue.record("a log started with a witness that has its key's name and ID")
        } catch let error as LogEngineError {
            #expect(error.code == .badConfiguration)
            #expect(error.message.contains("w0"), "\(error.message)")
        }
    }

    @Test func aPolicyOfMoreWitnessesThanANoteHoldsIsRefused() throws {
        let lines = try (0...WitnessingPolicy.maxWitnesses).map { i in
            "witness w\(i) \(try SignerKey.generate(name: "w\(i).example", type: .cosignatureV1).verifierKey.encoded) http://127.0.0.1:9"
        }
        #expect(throws: LogEngineError(.badConfiguration, "")) {
            try WitnessingPolicy(file: Array((lines.joined(separator: "\n") + "\nquorum 1\n").utf8))
        }
        _ = try WitnessingPolicy(file: Array((lines.dropLast().joined(separator: "\n") + "\nquorum all\n").utf8))
    }
}

/// A transport that is never called: these logs never start.
struct UnusedWitnessTransport: WitnessTransport {
    func addCheckpoint(url: String, body: [UInt8], timeout: Duration) async throws -> WitnessAnswer {
        Issue.record("a refused log sent a request")
        return WitnessAnswer(status: 500, contentType: nil, body: [])
    }
}
