import ArgumentParser
import LogClient
import Notes

/// `receiptlog checkpoint --log URL --vkey VKEY`: fetches the latest checkpoint, verifies it and
/// prints it.
struct CheckpointCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint", abstract: "Fetch a log's latest checkpoint, verify its signature and print it.",
        usage: "receiptlog checkpoint --log <log> --vkey <vkey> [<options>]")

    @Option(help: "The log's base URL. Required.")
    var log: String?

    @OptionGroup var connection: ClientOptions

    @Option(help: "The log's verifier key (its name is the log's origin), or a file that holds it (the log's DIR/log.vkey). Required.")
    var vkey: String?

    func validate() throws {
        try RequiredOptions.check(["--log": log != nil, "--vkey": vkey != nil])
    }

    func run() async throws {
        guard let log, let vkey else { throw CommandFailure("--log and --vkey are required") }
        let client = try connection.client(log)
        let key = try VerifierKeyArgument.parse(vkey)
        let (note, _) = try await LogKeyMismatch.run(log: log, client: client, key: key) { try await client.verifiedCheckpoint(key: key) }
        print(String(decoding: note.encoded, as: UTF8.self), terminator: "")
    }
}
