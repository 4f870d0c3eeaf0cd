import CryptoPrimitives
import Foundation
import LogClient
import LogEngine
import LogHTTP
import Logging
import Notes
import Statements
import Testing
import WitnessEngine
import WitnessHTTP

/// A log and a witness started through their library entry points (LogDeployment,
/// WitnessServer), as a Swift program embedding ReceiptLog starts them: no CLI process.
@Suite struct LogServerEntryPointTests {
    static let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
    static let origin = "example.com/entry-point"

    /// A fresh directory, removed by the caller.
    static func directory() throws -> String {
        let path = NSTemporaryDirectory() + "log-entry-point-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Runs `run` in a task and returns it with the port it listens on, once it listens.
    static func start(
        _ run: @escaping @Sendable (@escaping @Sendable (Int) async -> Void) async throws -> Void
    ) async -> (task: Task<Void, any Error>, port: Int?) {
        let (ports, sink) = AsyncStream.makeStream(of: Int.self)
        let task = Task {
            defer { sink.finish() }
            try await run { sink.yield($0) }
        }
        var iterator = ports.makeAsyncIterator()
        return (task, await iterator.next())
    }

    @Test(.timeLimit(.minutes(2)))
    func aWitnessedLogRegistersAStatementAndGetsItCosigned() async throws {
        let root = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let data = root + "/log"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        // The key made beforehand, so that the witness's log list can name it; a key that has
        // never signed starts a new log with `newLog` (--init).
        let (signer, created) = try LogDeployment.logKey(directory: data, origin: Self.origin)
        #expect(created)

        var witnessConfiguration = WitnessServerConfiguration(
            dataDirectory: root + "/witness", logs: .value(try LogList(keys: [Self.origin: [signer.verifierKey]])),
            name: "w.example/witness", port: 0)
        witnessConfiguration.engineThreads = 2
        let witness = try await WitnessServer(configuration: witnessConfiguration, logger: Self.quiet)
        #expect(witness.createdKey)
        #expect(witness.listeningPort == nil)
        let (witnessTask, witnessPort) = await Self.start { ready in try await witness.run { _, port in await ready(port) } }
        let wport = try #require(witnessPort)
        #expect(witness.listeningPort == wport)

        let issuer = Ed25519PrivateKey()
        var policy = try WitnessingPolicy(file: Array("witness w0 \(witness.verifierKey.encoded) http://127.0.0.1:\(wport)\nquorum 1\n".utf8))
        policy.interval = .milliseconds(20)
        var configuration = LogServerConfiguration(
            dataDirectory: data, origin: Self.origin,
            issuers: .value(try IssuerList(keys: [IssuerKey(name: "issuer.example", publicKey: issuer.publicKey)])),
            witnesses: .value(policy), port: 0)
        configuration.newLog = true
        configuration.batchMaxAge = .milliseconds(1)
        let log = try await LogDeployment(configuration: configuration, logger: Self.quiet)
        #expect(!log.createdKey)
        #expect(log.verifierKey.encoded == signer.verifierKey.encoded)
        #expect(try String(contentsOfFile: data + "/log.vkey", encoding: .utf8) == signer.verifierKey.encoded + "\n")
        let (logTask, logPort) = await Self.start { ready in try await log.run(onListening: ready) }
        let port = try #require(logPort)
        #expect(log.listeningPort == port)

        let client = try LogClient(baseURL: "http://127.0.0.1:\(port)")
        let statement = try SignedStatement.sign(
            issuer: "issuer.example", subject: "entry point", contentType: nil, payload: Array("entry point".utf8), key: issuer)
        _ = try await client.submit(statement.message.encoded(tagged: true))

        // The rounds run every 20 ms; the first one after the batch gets the witness's cosignature.
        var witnessed: Note?
        let deadline = ContinuousClock.now + .seconds(60)
        while witnessed == nil, ContinuousClock.now < deadline {
            if let bytes = try? await client.firstWitnessedCheckpoint(covering: 0) { witnessed = try Note(parsing: bytes) }
            else { try await Task.sleep(for: .milliseconds(20)) }
        }
        let note = try #require(witnessed)
        #expect(note.signatures.map(\.name) == [Self.origin, "w.example/witness"])
        #expect(try Checkpoint(text: note.text).treeSize == 1)

        await log.shutdown()
        try await logTask.value
        await witness.shutdown()
        try await witnessTask.value
        // Both closed their RocksDB state: a new open of each directory is not refused as locked.
        configuration.newLog = false
        configuration.witnesses = nil
        let reopened = try await LogDeployment(configuration: configuration, logger: Self.quiet)
        await reopened.shutdown()
        try await reopened.run()
        let again = try await WitnessServer(configuration: witnessConfiguration, logger: Self.quiet)
        #expect(!again.createdKey)
        await again.shutdown()
        try await again.run()
    }

    @Test func anAddressInUseIsRefusedBeforeAnythingIsMade() async throws {
        let root = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let issuers = try IssuerList(keys: [IssuerKey(name: "issuer.example", publicKey: Ed25519PrivateKey().publicKey)])
        let first = try await LogDeployment(
            configuration: LogServerConfiguration(dataDirectory: root + "/a", origin: Self.origin, issuers: .value(issuers), port: 0),
            logger: Self.quiet)
        let (task, bound) = await Self.start { ready in try await first.run(onListening: ready) }
        let port = try #require(bound)
        defer { task.cancel() }

        let second = LogServerConfiguration(dataDirectory: root + "/b", origin: Self.origin, issuers: .value(issuers), port: port)
        await #expect(throws: LogServerError(.cannotListen, "")) {
            _ = try await LogDeployment(configuration: second, logger: Self.quiet)
        }
        do {
            _ = try await LogDeployment(configuration: second, logger: Self.quiet)
        } catch {
            #expect(error.message == "cannot listen on 127.0.0.1:\(port): address already in use; is another server running there?")
        }
        #expect(!FileManager.default.fileExists(atPath: root + "/b"))
        await first.shutdown()
        try await task.value
    }

    @Test func aMissingIssuerListIsRefusedBeforeAnythingIsMade() async throws {
        let root = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let configuration = LogServerConfiguration(
            dataDirectory: root + "/data", origin: Self.origin, issuers: .file(root + "/missing.txt"), port: 0)
        do {
            _ = try await LogDeployment(configuration: configuration, logger: Self.quiet)
            Issue.record("a log started without its issuer list")
        } catch {
            #expect(error.code == .badInput)
            #expect(error.message == "cannot read issuer list \(root)/missing.txt: No such file or directory")
        }
        #expect(!FileManager.default.fileExists(atPath: root + "/data"))
    }
}
