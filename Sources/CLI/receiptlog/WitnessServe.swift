import ArgumentParser
import Foundation
import Logging
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
        var configuration = WitnessServerConfiguration(dataDirectory: data, logs: .file(logs), name: name, host: host, port: port)
        configuration.limits = try limitOptions.limits()
        configuration.initState = initState
        configuration.stopsOnSignals = true
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        var logger = Logger(label: "receiptlog.witness")
        logger.logLevel = .info
        // WitnessServer reads the log list, checks the address, then makes the directory and key.
        let server: WitnessServer
        do {
            server = try await WitnessServer(configuration: configuration, logger: logger)
        } catch {
            throw ServeConfiguration.commandFailure(error)
        }
        if server.createdKey {
            FileHandle.standardError.write(Data("created the witness key \(data)/\(WitnessEngine.Witness.keyFileName)\n".utf8))
        }
        Self.printLine("witness key: \(server.verifierKey.encoded)")
        do {
            try await server.run { address, bound in Self.printLine("listening on \(address):\(bound)") }
        } catch {
            throw ServeConfiguration.commandFailure(error)
        }
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
}
