// The bundle of figure (2): a v2 receipt bundle whose receipt references SEV-SNP evidence and its
// collateral, both carried as entries of the bundle, in an in-memory log of 8 entries:
//
//   0  evidence statement: the real S1 report (report_milan.bin), content type tee-evidence
//   1  collateral statement: S1's VCEK and the Milan ASK and ARK, content type tee-collateral
//   2  the inference receipt, referencing 0 and 1, key_binding report-data-sha512-pubkey
//   3…7  other statements
//
// The checkpoint of size 8 is signed by the log and cosigned by 2 of 3 witnesses at
// 2023-04-04T19:23:43Z, inside the VCEK's validity; the bundle carries it as its checkpoint and
// as its one witnessed checkpoint, so the evidence is appraised at that instant. S1's REPORT_DATA
// was not made for this issuer's key, so the environment layer FAILS at its last step,
// `key-binding`: every step before it (inclusion of the entries, their issuer signatures, the
// collateral, the chain, the report's signature) runs, and the bench checks that key-binding is
// the first failure.
import CryptoPrimitives
import Evidence
import Foundation
import Merkle
import Notes
import Statements
import Verification

struct EvidenceBundle {
    /// The encoded bundle.
    let bundle: [UInt8]
    /// The trust policy file.
    let policy: [UInt8]
    /// The verifier's inputs.
    let inputs: VerificationInputs
    /// Sizes, for the output: bundle entries' statements in bytes.
    let entrySizes: [Int]

    static let issuerName = "inference.example"
    static func key(_ byte: UInt8) throws -> Ed25519PrivateKey { try Ed25519PrivateKey(seed: [UInt8](repeating: byte, count: 32)) }

    /// A reference to `bytes` of `kind` (the SHA-256 of the evidence, or of the collateral payload).
    static func reference(_ kind: String, _ mediaType: String, _ bytes: [UInt8]) throws -> InferenceReceiptEvidence {
        try InferenceReceiptEvidence(kind: kind, mediaType: mediaType, digest: try Hash(bytes: SHA256.digest(bytes)))
    }

    /// An inference receipt's claims, number `n` (its subject and cwt ID differ by `n`).
    static func receiptClaims(
        _ n: Int, issuedAt: UInt64, references: [InferenceReceiptEvidence], keyBinding: String?
    ) throws -> InferenceReceiptClaims {
        InferenceReceiptClaims(
            issuer: issuerName, subject: "deployment/llama-7b/\(n)", issuedAt: issuedAt,
            cwtID: Array(String(format: "receipt-%08d", n).utf8), modelID: "llama-7b", modelVersion: "2.0.0",
            modelHash: Hash.leaf([1]), modelHashScheme: .receiptlogManifestV1, evidence: references, keyBinding: keyBinding,
            commitments: [
                try Commitment.commit(to: Array("request \(n)".utf8), field: .request, salt: [UInt8](1...32)),
                try Commitment.commit(to: Array("response \(n)".utf8), field: .response, salt: [UInt8](33...64)),
            ])
    }

    /// The evidence and collateral statements of S1, signed by `issuer`, and the receipt's references to them.
    static func snpStatements(_ vectors: TEEVectors, issuer: Ed25519PrivateKey) throws -> (
        evidence: SignedStatement, collateral: SignedStatement, references: [InferenceReceiptEvidence]
    ) {
        let evidencePayload = try EvidenceStatementPayload(platform: "sev-snp", evidence: vectors.snpReport)
        let certificates = [vectors.vcek] + (try EvidenceCertificate.parseAll(vectors.askArkMilan)).map(\.der)
        let collateralPayload = try CollateralStatementPayload(platform: "sev-snp", certificates: certificates)
        let evidence = try SignedStatement.sign(
            issuer: issuerName, subject: "tee-evidence/sev-snp", contentType: .mediaType(EvidenceStatementPayload.contentType),
            payload: evidencePayload.encoded(), key: issuer)
        let collateral = try SignedStatement.sign(
            issuer: issuerName, subject: "tee-collateral/sev-snp", contentType: .mediaType(CollateralStatementPayload.contentType),
            payload: collateralPayload.encoded(), key: issuer)
        let references = [
            try reference("sev-snp-report", "application/octet-stream", vectors.snpReport),
            try reference(CollateralStatementPayload.referenceKind, CollateralStatementPayload.contentType, collateralPayload.encoded()),
        ]
        return (evidence, collateral, references)
    }

    static func make(_ vectors: TEEVectors) throws -> EvidenceBundle {
        let witnessedAt = UInt64(TEEVectors.snpInstant.timeIntervalSince1970)
        let logSigner = try SignerKey(name: "log.example/receipts", type: .ed25519, privateKey: key(0x22))
        let witnesses = try (1...3).map { i in
            try SignerKey(name: "witness\(i).example", type: .cosignatureV1, privateKey: key(0x30 + UInt8(i)))
        }
        let issuerKey = try key(0x11)
        let snp = try snpStatements(vectors, issuer: issuerKey)
        let receipt = try receiptClaims(
            0, issuedAt: witnessedAt - 60, references: snp.references, keyBinding: "report-data-sha512-pubkey"
        ).signedStatement(key: issuerKey)

        let entries = [snp.evidence.leaf, snp.collateral.leaf, receipt.leaf] + (3..<8).map { Array("entry \($0)".utf8) }
        var stored = [Hash]()
        for (i, entry) in entries.enumerated() {
            stored += try storedHashes(index: UInt64(i), entry: entry, reader: stored)
        }
        let size = UInt64(entries.count)
        let root = try treeHash(size: size, reader: stored)
        let checkpoint = try Checkpoint(origin: logSigner.name, treeSize: size, rootHash: root)
        var note = try logSigner.sign(checkpoint)
        for witness in witnesses.prefix(2) {
            note = try note.adding(try witness.cosign(checkpoint, timestamp: witnessedAt).noteSignature)
        }
        func proof(_ index: Int) throws -> InclusionProof {
            try InclusionProof(leafIndex: UInt64(index), treeSize: size, reader: stored)
        }
        let receiptProof = try proof(2)
        let coseReceipt = COSEReceipt.issue(
            proof: receiptProof, rootHash: root, keyID: IssuerKey.bytes(ofKeyID: logSigner.keyID), key: logSigner.privateKey)
        let base = try ReceiptBundle(
            statement: receipt.leaf, index: 2, inclusionProof: receiptProof.hashes, note: note, coseReceipt: coseReceipt)
        let bundle = try ReceiptBundle(
            statement: base.statement, proof: base.proof, coseReceipt: coseReceipt,
            entries: [
                try BundleEntry(index: 0, statement: entries[0], inclusionProof: try proof(0).hashes),
                try BundleEntry(index: 1, statement: entries[1], inclusionProof: try proof(1).hashes),
            ],
            witnessed: [try WitnessedCheckpoint(note: note, consistencyProof: [])])

        let issuer = try IssuerKey(name: issuerName, publicKey: issuerKey.publicKey)
        let policy = """
            log \(logSigner.verifierKey.encoded)
            \(witnesses.map { "witness \($0.verifierKey.encoded)" }.joined(separator: "\n"))
            quorum 2
            issuer \(issuer.verifierKey)
            evidence sev-snp-report

            """
        return EvidenceBundle(
            bundle: bundle.encoded, policy: Array(policy.utf8), inputs: VerificationInputs(now: witnessedAt + 3600),
            entrySizes: [entries[0].count, entries[1].count, entries[2].count])
    }
}
