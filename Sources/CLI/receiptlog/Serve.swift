import ArgumentParser
import Foundation
import LogEngine
import LogHTTP
import Logging

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
        _ = try required(try config.map(ServeConfiguration.read) ?? LogServerConfigFile())
    }

    /// The data directory, origin and issuer list, from the flags or the config file; every one
    /// missing is named in one line.
    private func required(_ file: LogServerConfigFile) throws -> (data: String, origin: String, issuers: String) {
        let data = data ?? file.data, origin = origin ?? file.origin, issuers = issuers ?? file.issuers
        try RequiredOptions.check(
            ["--data": data != nil, "--origin": origin != nil, "--issuers": issuers != nil],
            alternative: "each may instead be a key of the --config file (data, origin, issuers)")
        guard let data, let origin, let issuers else { throw CommandFailure("--data, --origin and --issuers are required") }
        return (data, origin, issuers)
    }

    func run() async throws {
        // Flags win over the config file; LogDeployment reads the files and checks the rest.
        let file = try config.map(ServeConfiguration.read) ?? LogServerConfigFile()
        let (data, origin, issuersPath) = try required(file)
        let (host, port) = try ServeConfiguration.hostAndPort(listen ?? file.listen ?? "127.0.0.1:8080")
        var configuration = LogServerConfiguration(
            dataDirectory: data, origin: origin, issuers: .file(issuersPath), witnesses: (witnesses ?? file.witnesses).map { .file($0) },
            host: host, port: port)
        configuration.limits = try limitOptions.limits()
        configuration.batchMaxCount = batchMaxCount ?? file.batchMaxCount ?? LogConfiguration.defaultBatchMaxCount
        configuration.batchMaxAge = (batchMaxAgeMs ?? file.batchMaxAgeMs).map { .milliseconds($0) } ?? LogConfiguration.defaultBatchMaxAge
        configuration.pendingLimit = pendingLimit ?? file.pendingLimit ?? LogConfiguration.defaultPendingLimit
        configuration.witnessFailOpen = witnessFailOpen || (file.witnessFailOpen ?? false)
        configuration.newLog = self.`init`
        configuration.stopsOnSignals = true

        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .info
            return handler
        }
        let deployment: LogDeployment
        do {
            deployment = try await LogDeployment(configuration: configuration, logger: Logger(label: "receiptlog"))
        } catch {
            throw ServeConfiguration.commandFailure(error)
        }
        FileHandle.standardOutput.write(Data("log verifier key: \(deployment.verifierKey.encoded)\n".utf8))
        do {
            try await deployment.run { bound in
                // Printed with one write, so that a script reading the output sees the whole line.
                FileHandle.standardOutput.write(Data("listening on http://\(host.contains(":") ? "[\(host)]" : host):\(bound)\n".utf8))
            }
        } catch {
            throw ServeConfiguration.commandFailure(error)
        }
    }

    /// The file beside the key that records the newest checkpoint the key signed.
    static let signedHeadFileName = LogDeployment.signedHeadFileName

    /// Reads DIR/log.key, or creates it on first start (then the key is new), and (re)writes
    /// DIR/log.vkey (``LogDeployment/logKey(directory:origin:)``), with a one-line failure.
    static func logKey(directory: String, origin: String) throws -> (signer: LogSigner, created: Bool) {
        do {
            return try LogDeployment.logKey(directory: directory, origin: origin)
        } catch {
            throw CommandFailure(error.message)
        }
    }
}
