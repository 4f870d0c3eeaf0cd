// A witness server from its configuration to its shutdown, in one type, so that the CLI and any
// Swift program embedding the witness start it the same way:
//
//     let witness = try await WitnessServer(configuration: configuration, logger: logger)
//     print(witness.verifierKey.encoded)
//     try await witness.run { address, port in print("listening on \(address):\(port)") }   // until shutdown()
//
// Start-up reads the log list first, checks the listen address last, and only then makes the
// directory and key, so that a start that fails leaves nothing behind.
import Foundation
public import Logging
import NIOPosix
public import Notes
import Prometheus
import ServiceLifecycle
import Synchronization
import WitnessEngine

/// A witness server: opened by ``init(configuration:logger:)``, served by
/// ``run(onListening:)`` until ``shutdown()`` (or SIGTERM or SIGINT when the configuration says so), then
/// closed in order.
public final class WitnessServer: Sendable {
    /// The configuration it was opened with.
    public let configuration: WitnessServerConfiguration
    /// The witness's verifier key (its cosignature key's).
    public let verifierKey: VerifierKey
    /// Whether the witness key was made by this start (`DIR/witness.key`).
    public let createdKey: Bool

    /// The witness, taken by ``run(onListening:)``, so that only it holds the state.
    private let opened: Mutex<Witness?>
    /// The running service group, and whether shutdown was asked for before it ran.
    private let lifecycle = Mutex<(group: ServiceGroup?, shutdownRequested: Bool)>((nil, false))
    /// The bound port, once listening.
    private let bound = Mutex<Int?>(nil)
    private let logger: Logger

    /// Opens the witness: reads the log list, checks that the address can be listened on, then
    /// creates the directory and key if missing and opens the state. Nothing listens yet.
    ///
    /// Throws ``WitnessServerError``: ``WitnessServerError/Code/badInput`` and
    /// ``WitnessServerError/Code/cannotListen`` before anything is made, and
    /// ``WitnessServerError/Code/open`` with WitnessEngine's message.
    public init(configuration: WitnessServerConfiguration, logger: Logger) async throws(WitnessServerError) {
        self.configuration = configuration
        self.logger = logger
        let logs = try Self.logList(configuration.logs)
        // Every input is read; the address is checked last, just before the witness makes its
        // directory and key, so that a start that fails leaves nothing behind.
        try await WitnessListenAddress(host: configuration.host, port: configuration.port).check()
        let data = configuration.dataDirectory
        do {
            let (witness, createdKey) = try Witness.open(
                directory: data, logs: logs, name: Self.keyName(configuration.name, directory: data),
                initState: configuration.initState)
            verifierKey = witness.key.verifierKey
            self.createdKey = createdKey
            opened = Mutex(witness)
        } catch {
            throw WitnessServerError(.open, error.message, underlying: error)
        }
    }

    /// The port the server listens on, once ``run(onListening:)`` has bound it; nil before.
    public var listeningPort: Int? { bound.withLock { $0 } }

    /// Serves `POST /add-checkpoint`, `GET /checkpoint/<origin-hash>`, `GET /healthz` and
    /// `GET /metrics` (specs/witness.md) until ``shutdown()`` or one of the configuration's
    /// signals, then shuts down gracefully (requests in flight finish) and closes the state on
    /// this task before returning. `onListening` is called with the bound port once the server
    /// accepts connections, with the bound IP address (the host when the channel does not
    /// say) and port.
    ///
    /// Call it once. Throws ``WitnessServerError/Code/cannotListen`` when the address was taken
    /// after the check, or what the server's run throws.
    public func run(onListening: @escaping @Sendable (_ address: String, _ port: Int) async -> Void = { _, _ in }) async throws {
        // The witness owns its RocksDB state: it is closed on this task before `run` returns
        // (``close(_:logger:)``), never while the process exits.
        var owner: Witness? = opened.withLock { state in
            defer { state = nil }
            return state
        }
        guard owner != nil else { preconditionFailure("WitnessServer.run() called twice") }
        let address = WitnessListenAddress(host: configuration.host, port: configuration.port)
        do {
            try await serve(owner!, onListening: onListening)
        } catch {
            await Self.close(&owner, logger: logger)
            throw address.runFailure(error)
        }
        await Self.close(&owner, logger: logger)
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

    /// Serves `witness` until graceful shutdown.
    private func serve(_ witness: Witness, onListening: @escaping @Sendable (String, Int) async -> Void) async throws {
        // Engine calls block on Ed25519 and on a synced write; threads beyond the core count let
        // writes for different logs share one fsync (RocksDB group commit).
        let threadPool = NIOThreadPool(numberOfThreads: configuration.engineThreads)
        threadPool.start()
        let host = configuration.host, port = configuration.port
        let app = WitnessApplication.build(
            witness: witness, address: .hostname(configuration.host, port: port), logger: logger, threadPool: threadPool,
            registry: PrometheusCollectorRegistry(), limits: configuration.limits,
            onServerRunning: { [self] channel in
                let listening = channel.localAddress?.port ?? port
                self.bound.withLock { $0 = listening }
                await onListening(channel.localAddress?.ipAddress ?? host, listening)
            })
        let group = ServiceGroup(
            configuration: .init(services: [app], gracefulShutdownSignals: configuration.stopsOnSignals ? [.sigterm, .sigint] : [], logger: logger))
        let early = lifecycle.withLock { state in
            state.group = group
            return state.shutdownRequested
        }
        if early { await group.triggerGracefulShutdown() }
        do {
            try await group.run()
        } catch {
            try? await threadPool.shutdownGracefully()
            throw error
        }
        try await threadPool.shutdownGracefully()
    }

    /// The name to open the key with: `name` if given; otherwise none when `DIR/witness.key`
    /// exists (any name is then accepted, and the key keeps its own), and `<hostname>/witness`
    /// for a new key.
    static func keyName(_ name: String?, directory: String) -> String? {
        if let name { return name }
        let path = directory + "/" + Witness.keyFileName
        // lstat, not stat: a symbolic link there is still "a key file exists", which the engine
        // then refuses with its own message rather than creating a key beside it.
        var info = stat()
        if lstat(path, &info) == 0 { return nil }
        return "\(ProcessInfo.processInfo.hostName)/witness"
    }

    /// The log list, read from its file when given one (at most ``LogList/maxCount`` bytes).
    private static func logList(_ logs: WitnessServerConfiguration.Logs) throws(WitnessServerError) -> LogList {
        switch logs {
        case .value(let list): return list
        case .file(let path):
            let data: Data
            do {
                let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
                defer { try? handle.close() }
                data = try handle.read(upToCount: LogList.maxCount + 1) ?? Data()
            } catch {
                throw WitnessServerError(.badInput, "cannot read \(path): \((error as NSError).localizedDescription)", underlying: error)
            }
            do {
                return try LogList(parsing: [UInt8](data))
            } catch {
                throw WitnessServerError(.badInput, "\(path): \(error.message)", underlying: error)
            }
        }
    }

    /// Waits (at most 10 s) until `owner` holds the only reference to the witness, then drops
    /// it, so that RocksDB closes on this task before this returns and never while the process
    /// exits.
    static func close(_ owner: inout Witness?, logger: Logger) async {
        let deadline = ContinuousClock.now + .seconds(10)
        while owner != nil, !isKnownUniquelyReferenced(&owner!) {
            guard ContinuousClock.now < deadline else {
                logger.error("the witness state is still in use 10 s after the server stopped")
                return
            }
            try? await Task.sleep(for: .milliseconds(1))
        }
        owner = nil
    }
}
