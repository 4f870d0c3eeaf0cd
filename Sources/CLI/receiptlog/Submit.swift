import ArgumentParser
import LogAPI
import LogClient
import Statements

/// `receiptlog submit --log URL STATEMENT`: registers a signed statement and writes the log's
/// JSON answer.
struct Submit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Register a signed statement with a log and write its answer (index, checkpoint, receipt, proof).")

    @Option(help: "The log's base URL.")
    var log: String

    @OptionGroup var connection: ClientOptions

    @Option(help: "Write the JSON answer to this new file instead of standard output.")
    var out: String?

    @Option(help: "Also write the c2sp.org/tlog-proof@v1 proof to this new file.")
    var proof: String?

    @Argument(help: "The signed statement (COSE_Sign1), or - for standard input.")
    var statement: String

    func run() async throws {
        let client = try connection.client(log)
        let bytes = try InputFile.read(statement, limit: SignedStatement.maximumInputSize, what: "statement")
        let answer = try await LogURL.run { try await client.submit(bytes) }
        if let out {
            try InputFile.create(out, bytes: answer.encoded(), mode: 0o644, what: "answer")
        } else {
            print(String(decoding: answer.encoded(), as: UTF8.self), terminator: "")
        }
        if let proof {
            try InputFile.create(proof, bytes: Array(answer.proof.utf8), mode: 0o644, what: "proof")
        }
    }
}
