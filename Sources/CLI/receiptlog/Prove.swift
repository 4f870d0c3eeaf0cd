import ArgumentParser
import LogClient
import Notes

/// `receiptlog prove --log URL --index N (--vkey VKEY | --unverified)`: fetches the entry and its
/// proof, verifies the proof and the checkpoint's signature, and writes it.
struct Prove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fetch an entry's c2sp.org/tlog-proof@v1 proof, verify it against the entry, and write it.",
        usage: "receiptlog prove --log <log> --index <index> (--vkey <vkey> | --unverified) [<options>]")

    @Option(help: "The log's base URL. Required.")
    var log: String?

    @OptionGroup var connection: ClientOptions

    @Option(help: "The entry's index. Required.")
    var index: UInt64?

    @Option(help: "Prove against the checkpoint of this tree size instead of the latest.")
    var treeSize: UInt64?

    @OptionGroup var logKey: LogKeyOptions

    @Option(help: "Write the proof to this new file instead of standard output.")
    var out: String?

    func validate() throws {
        try RequiredOptions.check(["--log": log != nil, "--index": index != nil])
    }

    func run() async throws {
        guard let log, let index else { throw CommandFailure("--log and --index are required") }
        let key = try logKey.key()
        let client = try connection.client(log)
        let proof = try await LogKeyMismatch.run(log: log, client: client, key: key) {
            let answer = try await client.proof(index: index, treeSize: treeSize)
            let entry = try await client.entry(index)
            let proof: TlogProof
            do {
                proof = try TlogProof(parsing: Array(answer.proof.utf8))
            } catch {
                throw LogClientError(.malformedAnswer, "the log's proof does not parse: \(LogClientError.message(of: error))")
            }
            guard proof.index == index else {
                throw LogClientError(.verificationFailed, "the log sent a proof for index \(proof.index), not \(index)")
            }
            try LogClient.verify(proof: proof, entry: entry, key: key)
            return proof
        }
        if let out {
            try InputFile.create(out, bytes: proof.encoded, mode: 0o644, what: "proof")
        } else {
            print(String(decoding: proof.encoded, as: UTF8.self), terminator: "")
        }
        logKey.warnIfUnverified()
    }
}
