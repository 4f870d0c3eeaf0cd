import ArgumentParser
import Foundation
import Issuance
import ModelDirectory
import Statements
import Verification

/// `receiptlog verify`: verifies a receipt bundle against a trust policy, offline, and prints one
/// line per claim layer (specs/verify.md).
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a receipt bundle against a trust policy, offline.",
        discussion: """
            Prints one line per claim layer (log inclusion, witness quorum, COSE receipt, issuer \
            signature, environment, workload identity, model identity, each commitment) with its \
            verdict: VERIFIED, POLICY_MATCH, ASSUMED, NOT_CHECKED or FAILED, and the reason; then \
            the assumptions the verdict rests on. Hardware evidence the receipt references and the \
            bundle carries (receipt-bundle@v2) is appraised at the time the witnesses first saw \
            it logged, or at --at. With --model-dir the model digest is recomputed \
            from the files; each --open FIELD=SALTFILE:DATAFILE opens one commitment with the \
            holder's salt (a salts file, or a file holding the salt in hex) and the disclosed \
            data. Never uses the network.

            Exit status: 0 when every check the policy requires is VERIFIED or POLICY_MATCH and \
            none failed; 1 when a check FAILED or the bundle is malformed; 2 when nothing failed \
            but a required check could not be made (NOT_CHECKED); 3 when the command could not \
            run (an unreadable file, a malformed policy, a bad --open).
            """
    )

    @Option(help: "The receipt bundle (receiptlog.dev/receipt-bundle@v1).")
    var bundle: String

    @Option(help: "The trust policy file.")
    var policy: String

    @Option(help: "A model directory to recompute the model digest from.")
    var modelDir: String?

    @Flag(help: "Follow symbolic links in --model-dir.")
    var followSymlinks = false

    @Option(
        name: .customLong("open"),
        help: ArgumentHelp("Open a commitment: FIELD=SALTFILE:DATAFILE (repeatable).", valueName: "FIELD=SALTFILE:DATAFILE"))
    var openings: [String] = []

    @Option(help: "Appraise hardware evidence at this instant (RFC 3339 or Unix seconds) instead of when the witnesses first saw it logged.")
    var at: String?

    @Flag(help: "Print the report as JSON.")
    var json = false

    /// The exit status when the command cannot run.
    static let cannotRun: Int32 = 3

    func run() throws {
        let policy: TrustPolicy
        let openings: [CommitmentField: VerificationInputs.Opening]
        let bundleBytes: [UInt8]
        let appraisalTime: Date?
        do throws(CommandFailure) {
            appraisalTime = try at.map { text throws(CommandFailure) in try EvidenceAppraise.instant(text) }
            let policyBytes = try InputFile.read(self.policy, limit: TrustPolicy.maxFileCount, what: "policy file")
            do {
                policy = try TrustPolicy(file: policyBytes)
            } catch {
                throw CommandFailure("the policy \(self.policy) is not valid: \(error.message)")
            }
            openings = try Self.openings(self.openings)
            bundleBytes = try InputFile.read(bundle, limit: ReceiptBundle.maxCount, what: "bundle")
        } catch {
            Self.printError(error.description)
            throw ExitCode(Self.cannotRun)
        }
        let parsed: ReceiptBundle
        do {
            parsed = try ReceiptBundle(parsing: bundleBytes)
        } catch {
            Self.printError("the bundle \(bundle) is malformed: \(error.message)")
            throw ExitCode(VerificationReport.Outcome.failed.exitCode)
        }
        let files = modelDir.map { Self.hash($0, followSymlinks: followSymlinks) }
        let now = UInt64(max(0, Date().timeIntervalSince1970))
        let report = Verifier(policy: policy).verify(
            parsed, inputs: VerificationInputs(now: now, modelFiles: files, openings: openings, appraisalTime: appraisalTime))
        print(json ? report.json : report.text, terminator: "")
        let status = report.outcome.exitCode
        if status != 0 { throw ExitCode(status) }
    }

    /// Reads each `FIELD=SALTFILE:DATAFILE`; a field may be opened once.
    static func openings(_ specs: [String]) throws(CommandFailure) -> [CommitmentField: VerificationInputs.Opening] {
        var out = [CommitmentField: VerificationInputs.Opening]()
        for spec in specs {
            guard let equals = spec.firstIndex(of: "="), let colon = spec[equals...].firstIndex(of: ":") else {
                throw CommandFailure("--open takes FIELD=SALTFILE:DATAFILE, not \(spec)")
            }
            let field: CommitmentField
            do {
                field = try CommitmentField(spec[..<equals])
            } catch {
                throw CommandFailure("--open \(spec): \(error.message)")
            }
            guard out[field] == nil else { throw CommandFailure("--open names field \(field) twice") }
            let saltPath = String(spec[spec.index(after: equals)..<colon])
            let dataPath = String(spec[spec.index(after: colon)...])
            let salt: [UInt8]
            do { salt = try SaltsFile.salt(from: saltPath, field: field, scheme: .hmacSHA256v1) } catch { throw CommandFailure(error) }
            let data = try InputFile.read(dataPath, limit: CommitmentOpen.maxDataCount, what: "data file")
            out[field] = VerificationInputs.Opening(salt: salt, data: data)
        }
        return out
    }

    /// Hashes the model directory, with a progress bar on a terminal.
    static func hash(_ directory: String, followSymlinks: Bool) -> VerificationInputs.ModelFiles {
        var bar: ProgressBar? = nil
        defer { bar?.finish() }
        do throws(StatementsError) {
            let manifest = try ModelManifest.hashing(directory: directory, followSymlinks: followSymlinks) { progress in
                if bar == nil { bar = ProgressBar(label: "hashing model", total: progress.totalBytes) }
                bar?.update(done: progress.bytesHashed, total: progress.totalBytes)
            }
            return .manifest(manifest, directory: directory)
        } catch {
            return .unreadable(directory: directory, error)
        }
    }

    static func printError(_ message: String) {
        let line = message.split(whereSeparator: \.isNewline).joined(separator: " ")
        FileHandle.standardError.write(Data("Error: \(line)\n".utf8))
    }
}
