import ArgumentParser
import CryptoPrimitives
import Evidence
import Issuance
import Notes
import Statements

/// `receiptlog evidence statement`: wraps hardware evidence, or the collateral it is appraised
/// against, as a signed statement to register once; receipts then reference it by digest
/// (specs/evidence.md §Evidence in the log).
struct EvidenceStatement: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "statement",
        abstract: "Wrap hardware evidence or its collateral as a signed statement to register.",
        discussion: """
            With --evidence, writes an evidence statement (\(EvidenceStatementPayload.contentType)) \
            holding the raw evidence and, for the receiptlog-key-nonce-v1 key binding, its \
            32-byte --nonce. Otherwise writes a collateral statement \
            (\(CollateralStatementPayload.contentType)) holding the --cert certificates (DER or \
            PEM; the SEV-SNP VCEK or VLEK first), --crl CRLs and the --dcap Intel DCAP collateral \
            JSON. Register it with 'receiptlog submit', then reference it from receipts with \
            'receiptlog issue --evidence-statement FILE'.
            """
    )

    @Option(help: "The issuer's private key file; its name is the issuer.")
    var key: String

    @Option(help: "The platform: nitro, sev-snp or tdx.")
    var platform: String

    @Option(help: "The evidence file, the raw bytes as the hardware produced them.")
    var evidence: String?

    @Option(help: "The 32-byte nonce bound with the key (receiptlog-key-nonce-v1), in hex.")
    var nonce: String?

    @Option(name: .customLong("cert"), help: "A certificate file, DER or PEM (repeatable).")
    var certificates: [String] = []

    @Option(name: .customLong("crl"), help: "A CRL file, DER or PEM (repeatable).")
    var crls: [String] = []

    @Option(help: "Intel DCAP collateral, JSON.")
    var dcap: String?

    @Option(help: "The subject (sub) of the statement (default: tee-evidence/PLATFORM or tee-collateral/PLATFORM).")
    var subject: String?

    @Option(help: "Where to write the statement.")
    var out: String

    /// The largest input file read.
    static let maxFileCount = 1 << 20

    func validate() throws {
        guard EvidenceStatementPayload.platforms.contains(platform) else {
            throw ValidationError("--platform is nitro, sev-snp or tdx, not \(platform)")
        }
        if evidence != nil, !(certificates.isEmpty && crls.isEmpty && dcap == nil) {
            throw ValidationError("--evidence makes an evidence statement; --cert, --crl and --dcap make a collateral statement: give one kind")
        }
        if evidence == nil, certificates.isEmpty, crls.isEmpty, dcap == nil {
            throw ValidationError("give --evidence FILE, or collateral with --cert, --crl or --dcap")
        }
        if nonce != nil, evidence == nil { throw ValidationError("--nonce belongs to an evidence statement (--evidence)") }
    }

    func run() throws {
        let signer: SignerKey
        do { signer = try KeyFile.read(from: key) } catch { throw CommandFailure("\(error)") }
        guard signer.type == .ed25519 else {
            throw CommandFailure("\(key) is a \(signer.type) key; statements need an Ed25519 (type 0x01) key")
        }
        let payload: [UInt8]
        let contentType: String
        let kind: String
        if let evidence {
            let bytes = try InputFile.read(evidence, limit: Self.maxFileCount, what: "evidence file")
            let nonceBytes = try nonce.map { hex throws(CommandFailure) in
                guard let b = Hex.decode(hex), b.count == 32 else { throw CommandFailure("--nonce is 64 lower-case hex digits") }
                return b
            }
            payload = try Self.checked { () throws(EvidenceError) in
                try EvidenceStatementPayload(platform: platform, evidence: bytes, nonce: nonceBytes).encoded()
            }
            contentType = EvidenceStatementPayload.contentType
            kind = "evidence"
        } else {
            var ders: [[UInt8]] = []
            for path in certificates {
                let bytes = try InputFile.read(path, limit: Self.maxFileCount, what: "certificate file")
                do { ders += try EvidenceCertificate.parseAll(bytes).map(\.der) } catch {
                    throw CommandFailure("certificate file \(path): \(error.message)")
                }
            }
            var crlDERs: [[UInt8]] = []
            for path in crls {
                let bytes = try InputFile.read(path, limit: Self.maxFileCount, what: "CRL file")
                do { crlDERs.append(try CertificateRevocationList(bytes: bytes).der) } catch {
                    throw CommandFailure("CRL file \(path): \(error.message)")
                }
            }
            let dcapBytes = try dcap.map { path throws(CommandFailure) in
                try InputFile.read(path, limit: Self.maxFileCount, what: "DCAP collateral file")
            }
            payload = try Self.checked { () throws(EvidenceError) in
                try CollateralStatementPayload(platform: platform, certificates: ders, crls: crlDERs, dcap: dcapBytes).encoded()
            }
            contentType = CollateralStatementPayload.contentType
            kind = "collateral"
        }
        let statement: SignedStatement
        do {
            statement = try SignedStatement.sign(
                issuer: signer.name, subject: subject ?? "tee-\(kind)/\(platform)", contentType: .mediaType(contentType),
                payload: payload, key: signer.privateKey)
        } catch {
            throw CommandFailure(error.message)
        }
        let bytes = statement.encoded()
        try InputFile.create(out, bytes: bytes, mode: 0o644, what: "statement file")
        let reference: InferenceReceiptEvidence
        do { reference = try EvidenceReference.of(statement: bytes, path: out) } catch { throw CommandFailure(error) }
        print("\(kind) statement: \(out) (\(bytes.count) bytes, iss \(signer.name), \(platform))")
        print("reference: kind \(reference.kind), digest \(reference.digest.hex)")
    }

    /// Runs `body`, turning its error into a one-line command failure.
    static func checked<T>(_ body: () throws(EvidenceError) -> T) throws(CommandFailure) -> T {
        do { return try body() } catch { throw CommandFailure(error.message) }
    }
}
