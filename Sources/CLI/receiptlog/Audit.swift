import ArgumentParser
import Foundation
import LogClient
import LogEngine
import Notes
import Statements
import WitnessEngine

/// `receiptlog audit --log URL --vkey VKEY`: a full audit of a log (specs/audit.md).
struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Audit a whole log: every entry bundle and tile, the root, issuer signatures, consistency with every checkpoint seen.",
        usage: "receiptlog audit --log <log> --vkey <vkey> (--issuers <issuers> | --no-signatures) [<options>]",
        discussion: """
            Progress is saved in --state after every window of entry bundles; running the same \
            command again resumes there and checks the new checkpoint against every one seen \
            before. Exit status: 0 when the audit passes, 3 when the log fails it (the first bad \
            index is printed), 1 when the audit could not run.
            """)

    @Option(help: "The log's base URL. Required.")
    var log: String?

    @OptionGroup var connection: ClientOptions

    @Option(help: "The log's verifier key (its name is the log's origin), or a file that holds it (the log's DIR/log.vkey). Required.")
    var vkey: String?

    @Option(help: "A witness policy file (witness NAME VKEY [URL] lines and quorum K): the checkpoint must carry the quorum.")
    var witnessPolicy: String?

    @Option(help: "The issuer list file: every entry's registration checks (issuer signature) are re-run against it.")
    var issuers: String?

    @Flag(help: "Do not re-check issuer signatures (then --issuers is not needed).")
    var noSignatures = false

    @Option(help: "The state file (default: audit-<origin hash prefix>.json).")
    var state: String?

    /// The exit status for a log that fails the audit.
    static let failed: Int32 = 3

    func validate() throws {
        try RequiredOptions.check(["--log": log != nil, "--vkey": vkey != nil])
    }

    func run() async throws {
        guard let log, let vkey else { throw CommandFailure("--log and --vkey are required") }
        let key = try VerifierKeyArgument.parse(vkey)
        let client = try connection.client(log)
        guard noSignatures || issuers != nil else {
            throw CommandFailure("give --issuers FILE to re-check issuer signatures, or --no-signatures to skip them")
        }
        let registration = try issuers.map { path throws in
            do {
                return RegistrationPolicy(issuers: try IssuerList(file: try InputFile.read(path, limit: IssuerList.maximumFileSize, what: "issuer list")))
            } catch let error as StatementsError {
                throw CommandFailure("issuer list \(path): \(error.message)")
            }
        }
        let witnesses = try witnessPolicy.map { path throws in
            do {
                return try WitnessingPolicy(file: try InputFile.read(path, limit: WitnessingPolicy.maxFileBytes, what: "witness policy"), requireURLs: false).policy
            } catch let error as LogEngineError {
                throw CommandFailure("\(path): \(error.message)")
            }
        }
        let statePath = state ?? "audit-\(WitnessEngine.Witness.originHash(key.name).prefix(16)).json"
        var saved = AuditState(origin: key.name)
        if FileManager.default.fileExists(atPath: statePath) {
            do {
                saved = try AuditState(decoding: try InputFile.read(statePath, limit: 1 << 30, what: "audit state"))
            } catch let failure as CommandFailure {
                throw failure
            } catch {
                throw CommandFailure("the audit state \(statePath) does not parse: \(LogClientError.message(of: error))")
            }
        }
        let auditor = Auditor(client: client, key: key, witnesses: witnesses, issuers: noSignatures ? nil : registration)
        let terminal = isatty(STDERR_FILENO) != 0
        var lastShown = ContinuousClock.now - .seconds(1)
        let started = ContinuousClock.now
        let resumedAt = saved.size
        do {
            let checkpoint = try await auditor.run(
                state: &saved,
                progress: { done, total in
                    guard terminal, ContinuousClock.now - lastShown >= .milliseconds(200) || done == total else { return }
                    lastShown = .now
                    FileHandle.standardError.write(Data("\raudit: \(done) / \(total) entries (\(done * 100 / max(total, 1))%)".utf8))
                },
                save: { state in try InputFile.replace(statePath, bytes: state.encoded(), what: "audit state") })
            if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
            let seconds = Double((ContinuousClock.now - started).components.attoseconds) / 1e18 + Double((ContinuousClock.now - started).components.seconds)
            let checked = checkpoint.treeSize - min(resumedAt, checkpoint.treeSize)
            print("audit passed: \(checkpoint.origin) at size \(checkpoint.treeSize); \(checked) entries checked in \(String(format: "%.2f", seconds)) s; issuer signatures \(noSignatures ? "NOT checked" : "checked"); witness quorum \(witnesses == nil ? "NOT checked" : "checked")")
        } catch let failure as Auditor.Failure {
            if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
            print("AUDIT FAILED: \(failure)")
            throw ExitCode(Self.failed)
        } catch let failure as Auditor.StateFailure {
            throw CommandFailure("the audit state \(statePath) cannot be used: \(failure.message)")
        } catch let error as LogClientError {
            throw await LogKeyMismatch.failure(error, log: log, client: client, key: key)
        }
    }
}
