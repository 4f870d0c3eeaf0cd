import ArgumentParser
import Foundation
import HTTPServing
import LogEngine
import LogHTTP
import LogStorage
import Logging
import Notes
import Prometheus
import Statements

/// `receiptlog serve`: runs a log on its embedded RocksDB store.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a log: register statements, sign checkpoints, serve tiles and proofs.",
        usage: """
            receiptlog serve --data <data> --origin <origin> --issuers <issuers> [--listen <listen>] [<options>]
            receiptlog serve --config <config> [<options>]
            """,
        discussion: """
            On first start it creates the log key DIR/log.key (mode 0600). At every start it (re)writes \
            the key's verifier key to DIR/log.vkey and prints it. DIR/log.head records the newest checkpoint the key \
            signed: the log refuses to start on a store that is behind it (a restored backup, a lost volume). \
            A key made beforehand (keys generate) starts a new log only with --init. SIGTERM or SIGINT stops \
            it gracefully: requests in flight are answered and every accepted registration is sequenced first. \
            Before it creates anything it checks its inputs: the files it reads, and that it can listen on --listen.
            """)

    @Option(help: "A JSON config file with the keys data, listen, origin, issuers, batch_max_count, batch_max_age_ms, pending_limit; flags override it.")
    var config: String?

    @Option(help: "The data directory (created if missing). Required, here or as \"data\" in --config.")
    var data: String?

    @Option(help: "HOST:PORT to listen on; port 0 picks a free port. Default 127.0.0.1:8080.")
    var listen: String?

    @Option(help: "The log's origin: the first line of its checkpoints and the name of its key. Required, here or as \"origin\" in --config.")
    var origin: String?

    @Option(help: "The issuer list file: the keys whose statements the log accepts. Required, here or as \"issuers\" in --config.")
    var issuers: String?

    @Option(help: "The most registrations in one batch (default \(LogConfiguration.defaultBatchMaxCount)).")
    var batchMaxCount: Int?

    @Option(help: "How long, in milliseconds, a batch waits to fill (default \(LogConfiguration.defaultBatchMaxAge.components.attoseconds / 1_000_000_000_000_000)).")
    var batchMaxAgeMs: Int?

    @Option(help: "The most registrations waiting at once; more get 503 (default \(LogConfiguration.defaultPendingLimit)).")
    var pendingLimit: Int?

    @Option(help: "The witness policy file (witness NAME VKEY URL lines and a quorum K line); without it the log publishes every checkpoint it signs.")
    var witnesses: String?

    @Flag(help: "Publish the newest signed checkpoint even when it lacks the witness quorum (the default fails closed).")
    var witnessFailOpen = false

    @OptionGroup(title: "Limits")
    var limitOptions: ServerLimitOptions

    @Flag(help: "Start a new, empty log with an existing DIR/log.key. Only for a key that has never signed a checkpoint: a key that has, with a new history, is a fork.")
    var `init` = false

    func validate() throws {
        _ = try required(try config.map(ServeConfiguration.read) ?? ServeConfiguration())
    }

    /// The data directory, origin and issuer list, from the flags or the config file; every one
    /// missing is named in one line.
    private func required(_ file: ServeConfiguration) throws -> (data: String, origin: String, issuers: String) {
        let data = data ?? file.data, origin = origin ?? file.origin, issuers = issuers ?? file.issuers
        try RequiredOptions.check(
            ["--data": data != nil, "--origin": origin != nil, "--issuers": issuers != nil],
            alternative: "each may instead be a key of the --config file (data, origin, issuers)")
        guard let data, let origin, let issuers else { throw CommandFailure("--data, --origin and --issuers are required") }
        return (data, origin, issuers)
    }

    func run() async throws {
        let file = try config.map(ServeConfiguration.read) ?? ServeConfiguration()
        let (data, origin, issuersPath) = try required(file)
        let (host, port) = try ServeConfiguration.hostAndPort(listen ?? file.listen ?? "127.0.0.1:8080")
        let limits = try limitOptions.limits()
        let configuration: LogConfiguration
        do {
            configuration = try LogConfiguration(
                origin: origin,
                batchMaxCount: batchMaxCount ?? file.batchMaxCount ?? LogConfiguration.defaultBatchMaxCount,
                batchMaxAge: (batchMaxAgeMs ?? file.batchMaxAgeMs).map { .milliseconds($0) } ?? LogConfiguration.defaultBatchMaxAge,
                pendingLimit: pendingLimit ?? file.pendingLimit ?? LogConfiguration.defaultPendingLimit)
        } catch {
            throw CommandFailure(error.message)
        }

        let issuerList: IssuerList
        do {
            issuerList = try IssuerList(file: try InputFile.read(issuersPath, limit: IssuerList.maximumFileSize, what: "issuer list"))
        } catch let error as StatementsError {
            throw CommandFailure("issuer list \(issuersPath): \(error.message)")
        }
        var witnessing: (policy: WitnessingPolicy, transport: any WitnessTransport)?
        if let path = witnesses ?? file.witnesses {
            do {
                var policy = try WitnessingPolicy(file: try InputFile.read(path, limit: WitnessingPolicy.maxFileBytes, what: "witness policy"))
                policy.failOpen = witnessFailOpen || (file.witnessFailOpen ?? false)
                witnessing = (policy, HTTPWitnessTransport())
            } catch let error as LogEngineError {
                throw CommandFailure("\(path): \(error.message)")
            }
        }
        // Every input is read; the address is checked last, just before the first state is made
        // (the data directory, the key), so that a start that fails leaves nothing behind.
        try await ServeConfiguration.checkListen(host: host, port: port)

        do {
            try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw CommandFailure("cannot create the data directory \(data): \((error as NSError).localizedDescription)")
        }
        let (signer, createdKey) = try Self.logKey(directory: data, origin: origin)
        FileHandle.standardOutput.write(Data("log verifier key: \(signer.verifierKey.encoded)\n".utf8))

        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .info
            return handler
        }
        let logger = Logger(label: "receiptlog")

        // RocksDB closes when the last reference to the store goes (RocksDatabase.deinit), and
        // that may happen on another thread just after the server stops: the sequencer's thread
        // lets go of the sequencer only after it has answered the drain. Returning while RocksDB
        // is open or closing runs its static destructors (exit) at the same time, which aborts the
        // process ("pthread lock: Invalid argument", "terminate called without an active
        // exception"). So everything else that holds the store lives only in this block, and
        // `close` drops the last reference here, once it is the only one.
        var store: RocksLogStorage?
        do {
            let storage: RocksLogStorage
            do {
                storage = try RocksLogStorage(directory: data + "/db")
                store = storage
            } catch {
                if error.code == .locked { throw CommandFailure("another process is serving the data directory \(data)") }
                throw CommandFailure("cannot open the store in \(data): \(error.message)")
            }
            let registry = PrometheusCollectorRegistry()
            let service: LogService
            do {
                service = try LogService(
                    storage: storage, record: FileSignedHeadRecord(path: data + "/" + Self.signedHeadFileName),
                    newLog: createdKey || self.`init`, signer: signer, policy: RegistrationPolicy(issuers: issuerList),
                    configuration: configuration, metrics: LogMetrics(factory: PrometheusMetricsFactory(registry: registry)),
                    logger: logger, witnessing: witnessing, blocking: NIOThreadPoolRunner())
            } catch {
                throw CommandFailure("the log cannot start: \(error.message)")
            }
            let app = LogServer.application(
                service: service, registry: registry, host: host, port: port, logger: logger, limits: limits,
                onRunning: { bound in
                    // Printed with one write, so that a script reading the output sees the whole line.
                    FileHandle.standardOutput.write(Data("listening on http://\(host.contains(":") ? "[\(host)]" : host):\(bound)\n".utf8))
                })
            try await app.runService()
        } catch {
            await Self.close(&store, logger: logger)
            throw ServeConfiguration.serverFailure(error, host: host, port: port)
        }
        await Self.close(&store, logger: logger)
    }

    /// Waits (at most 10 s) until `owner` holds the only reference to an object that owns a
    /// RocksDB database (the log's store, the witness), then drops it, so that RocksDB closes on
    /// this thread before this returns and never while the process exits.
    static func close<Owner: AnyObject>(_ owner: inout Owner?, logger: Logger) async {
        let deadline = ContinuousClock.now + .seconds(10)
        while owner != nil, !isKnownUniquelyReferenced(&owner!) {
            guard ContinuousClock.now < deadline else {
                logger.error("the database is still in use 10 s after the server stopped")
                return
            }
            try? await Task.sleep(for: .milliseconds(1))
        }
        owner = nil
    }

    /// The file beside the key that records the newest checkpoint the key signed.
    static let signedHeadFileName = "log.head"

    /// Reads DIR/log.key, or creates it on first start (then the key is new), and (re)writes
    /// DIR/log.vkey, the key's verifier key on one line, at every start.
    static func logKey(directory: String, origin: String) throws -> (signer: LogSigner, created: Bool) {
        let path = directory + "/log.key"
        let key: SignerKey
        let created: Bool
        if FileManager.default.fileExists(atPath: path) || (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) != nil {
            key = try KeyFile.read(from: path)
            created = false
        } else {
            do {
                key = try SignerKey.generate(name: origin, type: .ed25519)
            } catch {
                throw CommandFailure("cannot make a log key named \(origin): \(error.message)")
            }
            try KeyFile.write(key, to: path)
            created = true
        }
        // DIR/log.vkey is derived from the key, never read: it is written at every start (a new
        // file, synced, renamed over the old one), so it names the key the log signs with whether
        // the key was made now, beforehand with `keys generate`, or on an earlier start.
        let vkeyPath = directory + "/log.vkey"
        try InputFile.replace(vkeyPath, bytes: Array((key.verifierKey.encoded + "\n").utf8), what: "verifier key \(vkeyPath)")
        do {
            return (try LogSigner(key: key, origin: origin), created)
        } catch {
            throw CommandFailure("\(path): \(error.message)")
        }
    }
}
