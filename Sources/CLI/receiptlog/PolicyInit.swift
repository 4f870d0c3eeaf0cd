import ArgumentParser
import Foundation
import LogClient
import LogEngine
import Notes
import Statements
import Verification

/// `receiptlog policy init`: writes the trust policy (specs/verify.md, "Trust policy") of a
/// witnessed log from what its deployment already has: the log's verifier key (DIR/log.vkey),
/// the log's witness file (specs/http-api.md, "Witnessing") and the issuer list
/// (specs/statements.md).
///
/// The policy is built, encoded in canonical form and parsed back before anything is written;
/// any fault stops the command with one line and writes nothing.
struct PolicyInit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a trust policy from the log's verifier key, its witness file and the issuer list.",
        discussion: """
            The log serves no endpoint for its note verifier key, so it is given with --log-vkey: \
            the key itself, or a file that holds it (the log writes DIR/log.vkey at every start). \
            With --log the log's served checkpoint must verify under that key. The witnesses and \
            the quorum come from the log's witness file (witness NAME VKEY URL lines, quorum K); \
            --quorum sets another quorum for verifiers, 1 to the number of witnesses. The policy \
            goes to standard output, or to --out, which must not exist yet.
            """)

    @Option(help: "The log's base URL: its served checkpoint must verify under --log-vkey (optional).")
    var log: String?

    @Option(help: "The log's verifier key, or a file that holds it (DIR/log.vkey of the log).")
    var logVkey: String

    @Option(help: "The log's witness file (witness NAME VKEY URL lines and a quorum K line).")
    var witnesses: String

    @Option(help: "The issuer list file: the issuer keys whose statements verifiers accept.")
    var issuers: String

    @Option(help: "The witness quorum verifiers require, 1 to the number of witnesses (default: the witness file's).")
    var quorum: Int?

    @Option(help: "The file to create for the policy (default: standard output); an existing file is never overwritten.")
    var out: String?

    func run() async throws {
        let logKey = try Self.logKey(logVkey)
        let witnessPolicy = try Self.witnessPolicy(path: witnesses, quorum: quorum)
        let issuerList: IssuerList
        do {
            issuerList = try IssuerList(file: try InputFile.read(issuers, limit: IssuerList.maximumFileSize, what: "issuer list"))
        } catch let error as StatementsError {
            throw CommandFailure("--issuers \(issuers): \(error.message); fix the issuer list (one issuer verifier key per line)")
        }
        if witnessPolicy.witnesses.contains(where: { $0.name == logKey.name && $0.keyID == logKey.keyID }) {
            throw CommandFailure(
                "--witnesses \(witnesses) lists a witness key with the log key's name and key ID; give each witness a key of its own")
        }
        let policy: TrustPolicy
        do {
            policy = try TrustPolicy(logKey: logKey, witnessPolicy: witnessPolicy, issuers: issuerList)
        } catch {
            throw CommandFailure("the trust policy cannot be made: \(error.message)")
        }
        let text = policy.file
        // Parsed back before it is written: a file that `verify --policy` would refuse, or read
        // as another policy, is never written.
        do {
            guard try TrustPolicy(file: Array(text.utf8)) == policy else {
                throw CommandFailure("the written policy would read back as another policy; nothing was written")
            }
        } catch let error as VerificationError {
            throw CommandFailure("the written policy would not parse (\(error.message)); nothing was written")
        }
        if let log {
            try await Self.checkServedCheckpoint(log: log, key: logKey)
        }
        if let out {
            try InputFile.create(out, bytes: Array(text.utf8), mode: 0o644, what: "the policy file \(out) (choose another --out or remove it)")
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }

    /// `--log-vkey`: an Ed25519 note verifier key, or a file that holds one as its only line.
    static func logKey(_ value: String) throws(CommandFailure) -> VerifierKey {
        let key = try parseLogKey(value)
        guard key.type == .ed25519 else {
            throw CommandFailure("--log-vkey \(key.name) is not an Ed25519 note key (type 0x01): give the log's key, from its DIR/log.vkey")
        }
        return key
    }

    private static func parseLogKey(_ value: String) throws(CommandFailure) -> VerifierKey {
        if let key = try? VerifierKey(parsing: value) { return key }
        guard FileManager.default.fileExists(atPath: value) else {
            throw CommandFailure("--log-vkey \(value) is neither a verifier key nor a file; give the log's key or its DIR/log.vkey")
        }
        let bytes = try InputFile.read(value, limit: 1 << 16, what: "the log's verifier key file")
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }
        do {
            return try VerifierKey(parsing: text)
        } catch {
            throw CommandFailure("--log-vkey \(value) does not hold one verifier key line: \(error.message); give the log's DIR/log.vkey")
        }
    }

    /// The witnesses and quorum of the log's witness file, with the quorum replaced by `quorum`.
    static func witnessPolicy(path: String, quorum: Int?) throws(CommandFailure) -> WitnessPolicy {
        let bytes = try InputFile.read(path, limit: WitnessingPolicy.maxFileBytes, what: "witness file")
        let file: WitnessingPolicy
        do {
            file = try WitnessingPolicy(file: bytes)
        } catch {
            throw CommandFailure("--witnesses \(path): \(error.message); fix the log's witness file (specs/http-api.md, \"Witnessing\")")
        }
        guard let quorum else { return file.policy }
        let count = file.policy.witnesses.count
        guard (1...count).contains(quorum) else {
            throw CommandFailure("--quorum \(quorum) is not from 1 to \(count): the witness file lists \(count) witness\(count == 1 ? "" : "es")")
        }
        do {
            return try WitnessPolicy(witnesses: file.policy.witnesses, threshold: quorum)
        } catch {
            throw CommandFailure("--quorum \(quorum): \(error.message)")
        }
    }

    /// Fetches the log's checkpoint and checks that `key` signed it, for its origin.
    static func checkServedCheckpoint(log: String, key: VerifierKey) async throws {
        let client = try LogURL.client(log)
        do {
            _ = try await client.verifiedCheckpoint(key: key)
        } catch {
            throw CommandFailure(
                "--log \(log): the log's checkpoint does not verify under --log-vkey \(key.name): \(error.message); "
                    + "give the key this log writes to DIR/log.vkey, or wait until it publishes a witnessed checkpoint")
        }
    }
}
