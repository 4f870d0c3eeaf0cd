import ArgumentParser
import Foundation
import HTTPServing
import Hummingbird
import Logging
import NIOPosix
import Prometheus
import WitnessEngine
import WitnessHTTP

/// `receiptlog witness serve --data DIR --listen HOST:PORT --logs FILE [--name NAME]`: serves
/// `POST /add-checkpoint`, `GET /checkpoint/<origin-hash>`, `GET /healthz` and `GET /metrics`
/// (specs/witness.md) until SIGTERM or SIGINT, then shuts down gracefully.
///
/// Standard output gets two lines: `witness key: <verifier key>` (the key is created in DIR on
/// first start), then `listening on <host>:<port>` once connections are accepted.
struct WitnessServe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve add-checkpoint for the logs in a log list, keeping state and key in a directory.",
        usage: "receiptlog witness serve --data <data> --listen <listen> --logs <logs> [<options>]",
        discussion: "Before it creates anything it checks its inputs: the log list, and that it can listen on --listen."
    )

    @Option(help: "The witness directory: its key (witness.key, mode 0600) and its state (RocksDB). Required.")
    var data: String?

    @Option(help: "The address to listen on, HOST:PORT (port 0 picks a free port). Required.")
    var listen: String?

    @Option(help: "The log list: one '<origin> <verifier key>' line per trusted log key, '#' comments. Required.")
    var logs: String?

    @Option(help: "The witness name for a new key (default: <hostname>/witness); must match an existing key.")
    var name: String?

    @OptionGroup(title: "Limits")
    var limitOptions: ServerLimitOptions

    @Flag(help: "Begin again from an empty state when the state is missing or empty but the key has cosigned (witness.binding). The witness then accepts any history a log presents next: only after the logs' operators are told.")
    var initState = false

    func validate() throws {
        try RequiredOptions.check(["--data": data != nil, "--listen": listen != nil, "--logs": logs != nil])
    }

    func run() async throws {
        guard let data, let listen, let logs else { throw CommandFailure("--data, --listen and --logs are required") }
        let (host, port) = try Self.parseAddress(listen)
        let limits = try limitOptions.limits()
        let logList = try Self.readLogList(logs)
        // Every input is read; the address is checked last, just before the witness makes its
        // directory and key, so that a start that fails leaves nothing behind.
        try await ServeConfiguration.checkListen(host: host, port: port)
        // The witness owns its RocksDB state: it is closed on this thread before `run` returns
        // (Serve.close), never while the process exits.
        var held: WitnessEngine.Witness?
        let createdKey: Bool
        do {
            let opened = try WitnessEngine.Witness.open(
                directory: data, logs: logList, name: Self.keyName(name, directory: data),
                initState: initState)
            held = opened.witness
            createdKey = opened.createdKey
        } catch {
            throw CommandFailure(error.message)
        }
        if createdKey {
            FileHandle.standardError.write(Data("created the witness key \(data)/\(WitnessEngine.Witness.keyFileName)\n".utf8))
        }
        Self.printLine("witness key: \(held!.key.verifierKey.encoded)")
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        var logger = Logger(label: "receiptlog.witness")
        logger.logLevel = .info
        do {
            try await serve(held!, host: host, port: port, limits: limits, logger: logger)
        } catch {
            await Serve.close(&held, logger: logger)
            throw ServeConfiguration.serverFailure(error, host: host, port: port)
        }
        await Serve.close(&held, logger: logger)
    }

    /// Serves `witness` until SIGTERM or SIGINT.
    private func serve(
        _ witness: WitnessEngine.Witness, host: String, port: Int, limits: ServerLimits, logger: Logger
    ) async throws {
        // Engine calls block on Ed25519 and on a synced write; threads beyond the core count let
        // writes for different logs share one fsync (RocksDB group commit).
        let threadPool = NIOThreadPool(numberOfThreads: Self.engineThreads)
        threadPool.start()
        let app = WitnessApplication.build(
            witness: witness, address: .hostname(host, port: port), logger: logger, threadPool: threadPool,
            registry: PrometheusCollectorRegistry(), limits: limits,
            onServerRunning: { channel in
                let bound = channel.localAddress
                Self.printLine("listening on \(bound?.ipAddress ?? host):\(bound?.port ?? port)")
            })
        do {
            try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
        } catch {
            try? await threadPool.shutdownGracefully()
            throw error
        }
        try await threadPool.shutdownGracefully()
    }

    /// The threads that run engine calls.
    static let engineThreads = 16

    /// The name to open the key with: `name` if given; otherwise none when `DIR/witness.key`
    /// exists (any name is then accepted, and the key keeps its own), and `<hostname>/witness`
    /// for a new key.
    static func keyName(_ name: String?, directory: String) -> String? {
        if let name { return name }
        let path = directory + "/" + WitnessEngine.Witness.keyFileName
        // lstat, not stat: a symbolic link there is still "a key file exists", which the engine
        // then refuses with its own message rather than creating a key beside it.
        var info = stat()
        if lstat(path, &info) == 0 { return nil }
        return "\(ProcessInfo.processInfo.hostName)/witness"
    }

    /// Writes a line to standard output unbuffered, so a supervising process sees it at once.
    static func printLine(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// Splits HOST:PORT at its last colon; an IPv6 host may be written in brackets.
    static func parseAddress(_ text: String) throws -> (String, Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65535).contains(port)
        else {
            throw CommandFailure("--listen is HOST:PORT with a port between 0 and 65535, not \(text)")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw CommandFailure("--listen needs a host, for example 127.0.0.1:7380") }
        return (host, port)
    }

    /// Reads and parses the log list file.
    static func readLogList(_ path: String) throws -> LogList {
        let data: Data
        do {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            data = try handle.read(upToCount: LogList.maxCount + 1) ?? Data()
        } catch {
            throw CommandFailure("cannot read \(path): \((error as NSError).localizedDescription)")
        }
        do {
            return try LogList(parsing: [UInt8](data))
        } catch {
            throw CommandFailure("\(path): \(error.message)")
        }
    }
}
