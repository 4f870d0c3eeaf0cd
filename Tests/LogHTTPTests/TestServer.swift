import CryptoPrimitives
import Foundation
import Hummingbird
import HummingbirdTesting
import LogEngine
import LogHTTP
import LogStorage
import Logging
import Metrics
import Notes
import Prometheus
import Statements

/// A log application in memory with one known issuer, for route tests.
struct TestServer {
    static let origin = "example.com/http-test"
    let issuer = Ed25519PrivateKey()
    let logKey: SignerKey
    let service: LogService
    let registry = PrometheusCollectorRegistry()

    init() throws {
        logKey = try SignerKey.generate(name: Self.origin, type: .ed25519)
        let issuers = try IssuerList(keys: [IssuerKey(name: "issuer.example", publicKey: issuer.publicKey)])
        service = try LogService(
            storage: MemoryLogStorage(), record: MemorySignedHeadRecord(), newLog: true,
            signer: LogSigner(key: logKey, origin: Self.origin),
            policy: RegistrationPolicy(issuers: issuers),
            configuration: LogConfiguration(origin: Self.origin, batchMaxCount: 64, batchMaxAge: .milliseconds(2)),
            metrics: LogMetrics(factory: PrometheusMetricsFactory(registry: registry)),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    var application: some ApplicationProtocol {
        LogServer.application(
            service: service, registry: registry, host: "127.0.0.1", port: 0,
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    /// A signed statement about `subject`, by `key` (the known issuer by default) as `issuer`.
    func statement(_ subject: String, issuer name: String = "issuer.example", key: Ed25519PrivateKey? = nil) throws -> [UInt8] {
        try SignedStatement.sign(
            issuer: name, subject: subject, contentType: .mediaType("text/plain"),
            payload: Array("payload of \(subject)".utf8), key: key ?? issuer
        ).message.encoded(tagged: true)
    }
}

extension TestResponse {
    /// The body as text.
    var text: String { String(buffer: body) }
    /// The body as bytes.
    var bytes: [UInt8] { Array(body.readableBytesView) }
}
