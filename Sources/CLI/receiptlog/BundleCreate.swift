import ArgumentParser
import Foundation
import LogAPI
import LogClient
import Notes
import Statements
import Verification

/// `receiptlog bundle [create] --log URL --index N` and `receiptlog bundle [create] --from-answer
/// JSON --statement FILE`, each with `--vkey VKEY` or `--unverified`: writes a receipt bundle
/// (specs/verify.md, "Writing and refreshing a bundle").
struct BundleCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Write a receipt bundle: a statement, its COSE receipt and its tlog-proof to a published checkpoint.",
        discussion: """
            With --log and --index it fetches the log's published (witnessed) checkpoint, the entry \
            and its proof against that checkpoint, and checks the inclusion proof before writing. \
            With --from-answer it builds the bundle from submit's JSON answer and the statement. \
            Each --evidence-statement (an evidence or collateral statement the receipt references, \
            already registered) adds that entry, its inclusion proof and the first witnessed \
            checkpoint covering it to the bundle (receipt-bundle@v2); it needs --log. \
            An entry is in the published tree once the log's witness quorum has cosigned a \
            checkpoint that holds it, usually a second or two after submit: --wait SECONDS waits \
            up to that long for it. It never overwrites a file.
            """)

    @Option(help: "The log's base URL.")
    var log: String?

    @Option(help: "The entry's index.")
    var index: UInt64?

    @Option(
        help: ArgumentHelp(
            "With --log: wait up to this many seconds (0 to 86400) for the entry to be in the log's published (witnessed) tree.",
            valueName: "seconds"))
    var wait: Double?

    @Option(help: "Build the bundle from this JSON answer of `receiptlog submit` instead of fetching it.")
    var fromAnswer: String?

    @Option(help: "With --from-answer: the signed statement that was submitted.")
    var statement: String?

    @Option(
        name: .customLong("evidence-statement"),
        help: "An evidence or collateral statement the receipt references, to carry with it (repeatable; needs --log).")
    var evidenceStatements: [String] = []

    @OptionGroup var logKey: LogKeyOptions

    @Option(help: "Write the bundle to this new file instead of standard output.")
    var out: String?

    func run() async throws {
        let fetching = log != nil || index != nil
        let answering = fromAnswer != nil || statement != nil
        guard fetching != answering else {
            throw ValidationError("give either --log and --index, or --from-answer and --statement")
        }
        if let wait {
            guard log != nil else { throw ValidationError("--wait needs --log and --index: it waits for the log to publish the entry") }
            guard wait.isFinite, wait >= 0, wait <= 86_400 else {
                throw ValidationError("--wait is a number of seconds from 0 to 86400, not \(wait)")
            }
        }
        if !evidenceStatements.isEmpty, log == nil {
            throw ValidationError("--evidence-statement needs --log and --index: the evidence entries are fetched from the log")
        }
        let key = try logKey.key()
        let bundle: ReceiptBundle
        if let log, let index {
            let fetcher = BundleFetcher(client: try LogURL.client(log), key: key)
            let evidence = evidenceStatements
            let waiting = wait.map { Duration.milliseconds(Int64(($0 * 1000).rounded())) }
            bundle = try await LogURL.run {
                let base: ReceiptBundle
                do {
                    base = try await fetcher.bundle(index: index, waiting: waiting)
                } catch let error as LogClientError where error.code == .notPublished && (waiting ?? .zero) == .zero {
                    throw CommandFailure("\(error.message); wait for it with --wait 30")
                }
                if evidence.isEmpty { return base }
                return try await BundleEvidence.adding(statements: evidence, to: base, with: fetcher)
            }
        } else if let fromAnswer, let statement {
            bundle = try Self.build(answerPath: fromAnswer, statementPath: statement, key: key)
        } else {
            throw ValidationError(fetching ? "--log needs --index, and --index needs --log" : "--from-answer needs --statement, and --statement needs --from-answer")
        }
        try BundleOutput.write(bundle, to: out)
        logKey.warnIfUnverified()
    }

    /// Builds a bundle from `submit`'s JSON answer and the submitted statement, whose leaf form is
    /// the log entry (``BundleFetcher/bundle(answer:statement:key:)``).
    static func build(answerPath: String, statementPath: String, key: VerifierKey?) throws -> ReceiptBundle {
        let answerBytes = try InputFile.read(answerPath, limit: TlogProof.maxCount * 2, what: "answer")
        let answer: RegistrationJSON
        do {
            answer = try RegistrationJSON(decoding: answerBytes)
        } catch {
            throw CommandFailure("the answer \(answerPath) is not the JSON answer of submit: \(error)")
        }
        let statementBytes = try InputFile.read(statementPath, limit: SignedStatement.maximumInputSize, what: "statement")
        let leaf: [UInt8]
        do {
            leaf = try SignedStatement(parsing: statementBytes).leaf
        } catch {
            throw CommandFailure("the statement \(statementPath) is not a signed statement: \(error)")
        }
        do {
            return try BundleFetcher.bundle(answer: answer, statement: leaf, key: key)
        } catch {
            throw CommandFailure(error.message)
        }
    }
}
