// A log server from its configuration to its shutdown, in one type, so that the CLI and any Swift
// program embedding the log start it the same way:
//
//     let log = try await LogDeployment(configuration: configuration, logger: logger)
//     print(log.verifierKey.encoded)
//     try await log.run { port in print("listening on \(port)") }   // until shutdown()
//
// Start-up reads every input first, checks the listen address last, and only then makes state
// (the data directory, the key), so that a start that fails leaves nothing behind.
import Foundation
import LogEngine
import LogStorage
public import Logging
public import Notes
import Prometheus
import ServiceLifecycle
import Statements
import Synchronization

/// A log server: opened by ``init(configuration:logger:)``, served by ``run(onListening:)``
/// until ``shutdown()`` (or SIGTERM or SIGINT when the configuration says so), then closed in order.
public final class LogDeployment: Sendable {
    /// The configuration it was opened with.
    public let configuration: LogServerConfiguration
    /// The verifier key of the log key (also written to DIR/log.vkey).
    public let verifierKey: VerifierKey
    /// Whether the log key was made by this start (the data directory had none).
    public let createdKey: Bool

    /// What ``run(onListening:)`` serves; taken by it, so that only it holds the store.
    private let opened: Mutex<(storage: RocksLogStorage, service: LogService, registry: PrometheusCollectorRegistry)?>
    /// The running service group, and whether shutdown was asked for before it ran.
    private let lifecycle = Mutex<(group: ServiceGroup?, shutdownRequested: Bool)>((nil, false))
    /// The bound port, once listening.
    private let bound = Mutex<Int?>(nil)
    private let logger: Logger

    /// Opens the log: reads the issuer list and the witness policy, checks that the address can be
    /// listened on, creates the data directory (mode 0700), reads or makes the log key, writes
    /// DIR/log.vkey, opens the store and starts the sequencer. Nothing listens yet.
    ///
    /// Throws ``LogServerError``: ``LogServerError/Code/badInput`` (a file or setting, before
    /// anything is made), ``LogServerError/Code/cannotListen`` (before anything is made),
    /// ``LogServerError/Code/dataDirectory``, ``LogServerError/Code/locked`` (another process
    /// serves the directory), ``LogServerError/Code/store`` or ``LogServerError/Code/refused``
    /// (the log must not start on this state). On failure the store is closed before it returns.
    public init(configuration: LogServerConfiguration, logger: Logger) async throws(LogServerError) {
        self.configuration = configuration
        self.logger = logger
        let data = configuration.dataDirectory
        let logConfiguration: LogConfiguration
        do {
            logConfiguration = try LogConfiguration(
                origin: configuration.origin, batchMaxCount: configuration.batchMaxCount,
                batchMaxAge: configuration.batchMaxAge, pendingLimit: configuration.pendingLimit)
        } catch {
            throw LogServerError(.badInput, error.message, underlying: error)
        }
        let issuers = try Self.issuerList(configuration.issuers)
        let witnessing = try Self.witnessing(configuration)
        // Every input is read; the address is checked last, just before the first state is made
        // (the data directory, the key), so that a start that fails leaves nothing behind.
        try await ListenAddress(host: configuration.host, port: configuration.port).check()

        do {
            try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw LogServerError(
                .dataDirectory, "cannot create the data directory \(data): \((error as NSError).localizedDescription)", underlying: error)
        }
        let (signer, createdKey) = try Self.logKey(directory: data, origin: configuration.origin)
        verifierKey = signer.verifierKey
        self.createdKey = createdKey

        // RocksDB closes when the last reference to the store goes; see ``run(onListening:)``.
        var store: RocksLogStorage?
        do {
            store = try RocksLogStorage(directory: data + "/db")
        } catch {
            if error.code == .locked {
                throw LogServerError(.locked, "another process is serving the data directory \(data)", underlying: error)
            }
            throw LogServerError(.store, "cannot open the store in \(data): \(error.message)", underlying: error)
        }
        let registry = PrometheusCollectorRegistry()
        do {
            let service = try LogService(
                storage: store!, record: FileSignedHeadRecord(path: data + "/" + Self.signedHeadFileName),
                newLog: createdKey || configuration.newLog, signer: signer, policy: RegistrationPolicy(issuers: issuers),
                configuration: logConfiguration, metrics: LogMetrics(factory: PrometheusMetricsFactory(registry: registry)),
                logger: logger, witnessing: witnessing, blocking: NIOThreadPoolRunner())
            opened = Mutex((store!, service, registry))
        } catch {
            await Self.close(&store, logger: logger)
            throw LogServerError(.refused, "the log cannot start: \(error.message)", underlying: error)
        }
    }

    /// The port the server listens on, once ``run(onListening:)`` has bound it; nil before.
    public var listeningPort: Int? { bound.withLock { $0 } }

    /// Serves the log until ``shutdown()`` or SIGTERM or SIGINT when the configuration says so, then shuts down
    /// gracefully: the server stops accepting connections and answers the requests in flight,
    /// the sequencer sequences every registration it accepted, and the store is closed on this
    /// task before this returns. `onListening` is called with the bound port once the server
    /// accepts connections.
    ///
    /// Call it once. Throws ``LogServerError/Code/cannotListen`` when the address was taken after
    /// the check, or what the server's run throws.
    public func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        // RocksDB closes when the last reference to the store goes (RocksDatabase.deinit), and
        // that may happen on another thread just after the server stops: the sequencer's thread
        // lets go of the sequencer only after it has answered the drain. A process that returns
        // while RocksDB is open or closing runs its static destructors (exit) at the same time,
        // which aborts it ("pthread lock: Invalid argument"). So everything else that holds the
        // store lives only in this block, and `close` drops the last reference here, once it is
        // the only one.
        var store: RocksLogStorage?
        let address = ListenAddress(host: configuration.host, port: configuration.port)
        do {
            guard let (storage, service, registry) = opened.withLock({ state in defer { state = nil }; return state }) else {
                preconditionFailure("LogDeployment.run() called twice")
            }
            store = storage
            let app = LogServer.application(
                service: service, registry: registry, host: configuration.host, port: configuration.port, logger: logger,
                limits: configuration.limits,
                onRunning: { [self] port in
                    self.bound.withLock { $0 = port }
                    await onListening(port)
                })
            let group = ServiceGroup(
                configuration: .init(services: [app], gracefulShutdownSignals: configuration.stopsOnSignals ? [.sigterm, .sigint] : [], logger: logger))
            let early = lifecycle.withLock { state in
                state.group = group
                return state.shutdownRequested
            }
            if early { await group.triggerGracefulShutdown() }
            try await group.run()
        } catch {
            await Self.close(&store, logger: logger)
            throw address.runFailure(error)
        }
        await Self.close(&store, logger: logger)
    }

    /// Begins a graceful shutdown of ``run(onListening:)`` (which returns once it is done);
    /// before `run` it makes `run` stop as soon as it starts.
    public func shutdown() async {
        let group = lifecycle.withLock { state in
            state.shutdownRequested = true
            return state.group
        }
        await group?.triggerGracefulShutdown()
    }

    /// The issuer list, read from its file when given one.
    private static func issuerList(_ input: LogServerConfiguration.Input<IssuerList>) throws(LogServerError) -> IssuerList {
        switch input {
        case .value(let list): return list
        case .file(let path):
            let bytes = try ServerInput.read(path, limit: IssuerList.maximumFileSize, what: "issuer list")
            do {
                return try IssuerList(file: bytes)
            } catch {
                throw LogServerError(.badInput, "issuer list \(path): \(error.message)", underlying: error)
            }
        }
    }

    /// The witnessing policy and transport, when the log has witnesses.
    private static func witnessing(
        _ configuration: LogServerConfiguration
    ) throws(LogServerError) -> (policy: WitnessingPolicy, transport: any WitnessTransport)? {
        var policy: WitnessingPolicy
        switch configuration.witnesses {
        case nil: return nil
        case .value(let given): policy = given
        case .file(let path):
            let bytes = try ServerInput.read(path, limit: WitnessingPolicy.maxFileBytes, what: "witness policy")
            do {
                policy = try WitnessingPolicy(file: bytes)
            } catch {
                throw LogServerError(.badInput, "\(path): \(error.message)", underlying: error)
            }
        }
        if configuration.witnessFailOpen { policy.failOpen = true }
        return (policy, configuration.witnessTransport)
    }

    /// Waits (at most 10 s) until `owner` holds the only reference to the store, then drops it,
    /// so that RocksDB closes on this thread before this returns and never while the process
    /// exits.
    static func close(_ owner: inout RocksLogStorage?, logger: Logger) async {
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
}
