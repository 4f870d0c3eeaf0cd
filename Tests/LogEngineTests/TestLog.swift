import CryptoPrimitives
import Foundation
import LogEngine
import LogStorage
import Logging
import Metrics
import Notes
import Statements

/// A log in memory (or on disk) with one issuer, for tests.
struct TestLog {
    static let origin = "example.com/test-log"
    let issuer: Ed25519PrivateKey
    let logKey: SignerKey
    let storage: any LogStorage
    /// The signed-head record kept beside the key.
    let record: any SignedHeadRecord

    init(
        storage: any LogStorage = MemoryLogStorage(), record: any SignedHeadRecord = MemorySignedHeadRecord(),
        logKey: SignerKey? = nil, issuer: Ed25519PrivateKey = Ed25519PrivateKey()
    ) throws {
        self.storage = storage
        self.record = record
        self.issuer = issuer
        self.logKey = try logKey ?? SignerKey.generate(name: Self.origin, type: .ed25519)
    }

    var issuers: IssuerList {
        get throws { try IssuerList(keys: [IssuerKey(name: "issuer.example", publicKey: issuer.publicKey)]) }
    }

    /// Opens a log service over the storage; `newLog` says the key has never signed.
    func open(
        batchMaxCount: Int = 64, batchMaxAge: Duration = .milliseconds(2), pendingLimit: Int = 4096, newLog: Bool = true
    ) throws -> LogService {
        try LogService(
            storage: storage, record: record, newLog: newLog, signer: LogSigner(key: logKey, origin: Self.origin),
            policy: RegistrationPolicy(issuers: issuers),
            configuration: LogConfiguration(
                origin: Self.origin, batchMaxCount: batchMaxCount, batchMaxAge: batchMaxAge, pendingLimit: pendingLimit),
            metrics: LogMetrics(factory: NOOPMetricsHandler.instance), logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    /// A signed statement about `subject`.
    func statement(_ subject: String) throws -> [UInt8] {
        try SignedStatement.sign(
            issuer: "issuer.example", subject: subject, contentType: .mediaType("text/plain"),
            payload: Array("payload of \(subject)".utf8), key: issuer
        ).message.encoded(tagged: true)
    }
}

/// A fresh temporary directory path.
func temporaryDirectory() -> String {
    NSTemporaryDirectory() + "logengine-\(UUID().uuidString)"
}

/// Opens the RocksDB store in `dir`, waiting up to two seconds for a log that was just shut
/// down in this process to release it (its sequencer thread lets go of the store a moment after
/// `shutdown()` returns).
func openStore(_ dir: String) throws -> RocksLogStorage {
    let deadline = ContinuousClock.now + .seconds(2)
    while true {
        do {
            return try RocksLogStorage(directory: dir)
        } catch {
            guard error.code == .locked, ContinuousClock.now < deadline else { throw error }
            Thread.sleep(forTimeInterval: 0.01)
        }
    }
}
