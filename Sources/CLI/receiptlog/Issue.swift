import ArgumentParser
import CryptoPrimitives
import Foundation
import Issuance
import Notes
import Statements

/// `receiptlog issue`: builds, signs and writes an inference receipt, and writes the salts of its
/// commitments to a separate private file (specs/receipt-profile.md §Issuing).
struct Issue: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "issue",
        abstract: "Build and sign an inference receipt.",
        usage: """
            receiptlog issue --key <key> --subject <subject> --model-dir <model-dir> --model-id <model-id> --model-version <model-version> --request <request> --response <response> --out <out> [<options>]
            receiptlog issue --key <key> --subject <subject> --claims <claims> --out <out> [<options>]
            """,
        discussion: """
            Writes a SCITT signed statement whose payload is an inference receipt (profile \
            \(InferenceReceiptClaims.profile)), or with --air an AIR v1 receipt, to --out. The \
            issuer (iss) is the key's name. The request, response and parameters are committed \
            to with fresh 32-byte salts, which are written to OUT.salts.json (mode 0600): keep \
            that file private; it opens the commitments. With --salts the commitments use the \
            salts given in that file instead of fresh ones. Claims not given as flags come from \
            the JSON --claims file (see specs/receipt-profile.md): the model (model_hash_hex), \
            model_id, model_version, request_file and response_file may come from there instead of \
            their flags. Every required input that is missing is named at once.
            """
    )

    @Option(help: "The issuer's private key file (written by 'keys generate'); its name is the issuer. Required.")
    var key: String?

    @Option(help: "The subject (sub) of the statement. Required.")
    var subject: String?

    @Option(help: "A model directory to compute the model digest from. Required, or model_hash_hex in --claims.")
    var modelDir: String?

    @Flag(help: "Follow symbolic links in --model-dir.")
    var followSymlinks = false

    @Option(help: "A JSON claims file.")
    var claims: String?

    @Option(help: "The model's name (model_id). Required, or model_id in --claims.")
    var modelID: String?

    @Option(help: "The model's version (model_version). Required, or model_version in --claims.")
    var modelVersion: String?

    @Option(help: "The file holding the request to commit to. Required, or request_file in --claims.")
    var request: String?

    @Option(help: "The file holding the response to commit to. Required, or response_file in --claims.")
    var response: String?

    @Option(help: "The file holding the parameters to commit to.")
    var parameters: String?

    @Option(
        name: .customLong("evidence-statement"),
        help: "An evidence or collateral statement (from 'evidence statement') to reference in env_evidence (repeatable).")
    var evidenceStatements: [String] = []

    @Option(help: "How the key is bound into the evidence (key_binding), e.g. report-data-sha512-pubkey.")
    var keyBinding: String?

    @Option(
        help: """
            A JSON object mapping each committed field to its 32-byte salt in hex, \
            {"request": "<64 hex>", "response": "<64 hex>", "parameters": "<64 hex>"}, used instead \
            of fresh salts; every committed field needs one, and no other field may appear.
            """)
    var salts: String?

    @Flag(help: "Write an AIR v1 receipt instead of a signed statement.")
    var air = false

    @Option(help: "Where to write the statement; the salts go to this name with .salts.json added. Required.")
    var out: String?

    /// Names every required input that neither a flag nor the --claims file gives, in one line.
    func validate() throws {
        let file: ClaimsFile
        do { file = try claims.map { path throws(IssuanceError) in try ClaimsFile.read(path) } ?? ClaimsFile() } catch {
            throw CommandFailure(error)
        }
        // With a claims file, each input it may give is named with its key there.
        func flag(_ name: String, _ key: String) -> String { claims == nil ? name : "\(name) (or \(key) in --claims)" }
        try RequiredOptions.check(
            [
                "--key": key != nil, "--subject": subject != nil,
                flag("--model-dir", "model_hash_hex"): modelDir != nil || file.model_hash_hex != nil,
                flag("--model-id", "model_id"): modelID != nil || file.model_id != nil,
                flag("--model-version", "model_version"): modelVersion != nil || file.model_version != nil,
                flag("--request", "request_file"): request != nil || file.request_file != nil,
                flag("--response", "response_file"): response != nil || file.response_file != nil,
                "--out": out != nil,
            ],
            alternative: claims == nil
                ? "a --claims file may give model_hash_hex, model_id, model_version, request_file and response_file instead" : nil)
    }

    func run() throws {
        guard let key, let subject, let out else { throw CommandFailure("--key, --subject and --out are required") }
        let signer: SignerKey
        do {
            signer = try KeyFile.read(from: key)
        } catch {
            throw CommandFailure("\(error)")
        }
        guard signer.type == .ed25519 else {
            throw CommandFailure("\(key) is a \(signer.type) key; issuing needs an Ed25519 (type 0x01) key")
        }
        let file: ClaimsFile
        do { file = try claims.map { path throws(IssuanceError) in try ClaimsFile.read(path) } ?? ClaimsFile() } catch {
            throw CommandFailure(error)
        }
        var request = IssuanceRequest(
            issuerKey: signer, subject: subject, claims: file,
            claimsDirectory: claims.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path } ?? ".",
            now: UInt64(Date().timeIntervalSince1970), format: air ? .air : .signedStatement)
        request.modelDirectory = modelDir
        request.followSymlinks = followSymlinks
        request.modelID = modelID
        request.modelVersion = modelVersion
        request.request = self.request.map { .file($0) }
        request.response = response.map { .file($0) }
        request.parameters = parameters.map { .file($0) }
        request.salts = salts.map { .file($0) } ?? .fresh
        request.evidenceStatements = evidenceStatements.map { .file($0) }
        request.keyBinding = keyBinding
        var bar: ProgressBar? = nil
        request.modelHashingProgress = { progress in
            if bar == nil { bar = ProgressBar(label: "hashing model", total: progress.totalBytes) }
            bar?.update(done: progress.bytesHashed, total: progress.totalBytes)
        }
        let issued: IssuedReceipt
        do {
            defer { bar?.finish() }
            issued = try ReceiptIssuer.issue(request)
        } catch {
            throw CommandFailure(error)
        }

        let bytes = issued.bytes
        let what = air ? "AIR v1 receipt" : "signed statement"
        let saltsPath = out + ".salts.json"
        // The statement first, then its salts; without its salts a statement cannot be opened,
        // so it is removed again if the salts cannot be written.
        try InputFile.create(out, bytes: bytes, mode: 0o644, what: "statement file")
        do {
            try InputFile.create(saltsPath, bytes: issued.saltsFile.encoded(), mode: 0o600, what: "salts file")
        } catch {
            unlink(out)
            throw error
        }
        if air {
            print("\(what): \(out) (\(bytes.count) bytes, iss \(signer.name); AIR v1 has no sub)")
            let c = issued.claims
            let dropped = [
                ("env_evidence", !c.evidence.isEmpty), ("key_binding", c.keyBinding != nil),
                ("image_digest", c.imageDigest != nil), ("config_digest", c.configDigest != nil),
                ("project", c.project != nil), ("operator", c.operatorName != nil), ("freshness", c.freshness != nil),
            ].filter(\.1).map(\.0)
            if !dropped.isEmpty { print("not carried by AIR v1: \(dropped.joined(separator: ", "))") }
        } else {
            print("\(what): \(out) (\(bytes.count) bytes, iss \(signer.name), sub \(subject))")
        }
        print("salts: \(saltsPath) (mode 0600; keep private: opens the \(issued.salts.keys.sorted().joined(separator: ", ")) commitments)")
        if let manifest = issued.manifest {
            print("model digest: \(manifest.digest.hex) (\(ModelManifest.schemeName), \(manifest.entries.count) files, \(manifest.totalSize) bytes)")
        }
    }
}

extension CommandFailure {
    /// The one-line failure of an issuance error: its message, as `receiptlog` prints it.
    init(_ error: IssuanceError) {
        self.init(error.message)
    }
}
