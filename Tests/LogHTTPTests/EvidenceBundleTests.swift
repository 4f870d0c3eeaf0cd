import Crypto
import CryptoPrimitives
import Evidence
import EvidenceTestSupport
import Foundation
import HTTPTestSupport
import LogEngine
import Merkle
import Statements
import Testing
import Verification

/// Hardware evidence end to end (specs/evidence.md §Evidence in the log): a test-only hierarchy
/// (never among the compiled-in roots; pinned by the test's trust policy) signs SEV-SNP and Nitro
/// evidence that binds the issuer's key; the issuer registers evidence, collateral and 100
/// receipts on a log with three real witnesses; `bundle --evidence-statement` gathers a receipt
/// with its evidence, and `verify` reads the environment layer as VERIFIED — and never for
/// evidence of another key, a revoked chain, or evidence the bundle does not carry.
@Suite(.serialized) struct EvidenceBundleTests {
    typealias Scene = BundleCommandTests.Scene

    /// Writes `statement` to `name` in the scene and registers it; returns its index.
    static func register(_ statement: SignedStatement, as name: String, in scene: Scene) async throws -> UInt64 {
        let bytes = statement.message.encoded(tagged: true)
        try Data(bytes).write(to: URL(fileURLWithPath: scene.path(name)))
        return try await scene.log.service.register(bytes).index
    }

    static func evidenceStatement(_ platform: String, _ evidence: [UInt8], issuer: Ed25519PrivateKey) throws -> SignedStatement {
        try SignedStatement.sign(
            issuer: "issuer.example", subject: "tee-evidence/\(platform)", contentType: .mediaType(EvidenceStatementPayload.contentType),
            payload: try EvidenceStatementPayload(platform: platform, evidence: evidence).encoded(), key: issuer)
    }

    static func collateralStatement(_ payload: CollateralStatementPayload, issuer: Ed25519PrivateKey) throws -> SignedStatement {
        try SignedStatement.sign(
            issuer: "issuer.example", subject: "tee-collateral/\(payload.platform)",
            contentType: .mediaType(CollateralStatementPayload.contentType), payload: payload.encoded(), key: issuer)
    }

    /// An inference receipt referencing `references` with `keyBinding`.
    static func receipt(_ n: Int, references: [InferenceReceiptEvidence], keyBinding: String, issuer: Ed25519PrivateKey) throws -> SignedStatement {
        let claims = InferenceReceiptClaims(
            issuer: "issuer.example", subject: "deployment/\(n)",
            issuedAt: UInt64(Date().timeIntervalSince1970) - 10, cwtID: Array(String(format: "receipt-%08d", n).utf8),
            modelID: "tiny", modelVersion: "1", modelHash: Hash.leaf(Array("model".utf8)), modelHashScheme: .receiptlogManifestV1,
            evidence: references, keyBinding: keyBinding,
            commitments: [
                try Commitment.commit(to: Array("q\(n)".utf8), field: .request, salt: [UInt8](1...32)),
                try Commitment.commit(to: Array("a\(n)".utf8), field: .response, salt: [UInt8](1...32)),
            ])
        return try claims.signedStatement(key: issuer)
    }

    static func reference(_ kind: String, _ mediaType: String, _ bytes: [UInt8]) throws -> InferenceReceiptEvidence {
        try InferenceReceiptEvidence(kind: kind, mediaType: mediaType, digest: try Hash(bytes: SHA256.digest(bytes)))
    }

    /// The verdict word of the `environment` line of `verify`'s output.
    static func environment(_ stdout: String) -> String {
        let line = stdout.split(separator: "\n").first { $0.hasPrefix("environment") } ?? ""
        return line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.map(String.init) ?? "(none)"
    }

    @Test func snpAndNitroEvidenceVerifyEndToEnd() async throws {
        let scene = try await Scene.start()
        defer { Task { await scene.stop() } }
        let authority = TestTEEAuthority()
        let issuerKey = scene.issuer.publicKey.bytes
        let now = Date()

        // The test roots are pinned by the policy, never compiled in.
        let policy = try String(contentsOfFile: scene.path("policy.txt"), encoding: .utf8)
            + "evidence-root sev-snp \(Hex.encode(authority.arkSHA256))\nevidence-root nitro \(Hex.encode(authority.nitroRootSHA256))\n"
        try Data(policy.utf8).write(to: URL(fileURLWithPath: scene.path("policy.txt")))
        // A policy that requires SEV-SNP evidence: the environment layer is then required.
        try Data((policy + "evidence sev-snp-report\n").utf8).write(to: URL(fileURLWithPath: scene.path("snp-policy.txt")))

        // SEV-SNP evidence binding the issuer key (report-data-sha512-pubkey), its VCEK chain and a current CRL.
        let report = authority.snpReport(reportData: Array(SHA512Digest.of(issuerKey)))
        let evidence = try Self.evidenceStatement("sev-snp", report, issuer: scene.issuer)
        let crl = authority.snpCRL(revoking: [], thisUpdate: now.addingTimeInterval(-86_400), nextUpdate: now.addingTimeInterval(30 * 86_400))
        let collateralPayload = try CollateralStatementPayload(platform: "sev-snp", certificates: authority.snpCertificates.map(\.der), crls: [crl])
        let collateral = try Self.collateralStatement(collateralPayload, issuer: scene.issuer)
        _ = try await Self.register(evidence, as: "snp-evidence.cose", in: scene)
        _ = try await Self.register(collateral, as: "snp-collateral.cose", in: scene)
        let snpReferences = [
            try Self.reference("sev-snp-report", "application/octet-stream", report),
            try Self.reference(CollateralStatementPayload.referenceKind, CollateralStatementPayload.contentType, collateralPayload.encoded()),
        ]
        // 100 receipts under the one attestation.
        var receiptIndexes: [UInt64] = []
        for n in 0..<100 {
            let r = try Self.receipt(n, references: snpReferences, keyBinding: "report-data-sha512-pubkey", issuer: scene.issuer)
            receiptIndexes.append(try await Self.register(r, as: "receipt-\(n).cose", in: scene))
        }

        // Nitro evidence whose public_key is the issuer key.
        let document = authority.nitroDocument(timestamp: now.addingTimeInterval(-5), publicKey: issuerKey)
        let nitro = try Self.evidenceStatement("nitro", document, issuer: scene.issuer)
        _ = try await Self.register(nitro, as: "nitro-evidence.cose", in: scene)
        let nitroReceipt = try await Self.register(
            try Self.receipt(1000, references: [try Self.reference("nitro-attestation-document", "application/cose", document)],
                             keyBinding: "nitro-public-key", issuer: scene.issuer),
            as: "nitro-receipt.cose", in: scene)

        // Negative cases: evidence for another key; a collateral whose CRL revokes the ASK.
        let otherKey = Ed25519PrivateKey().publicKey.bytes
        let foreignReport = authority.snpReport(reportData: Array(SHA512Digest.of(otherKey)))
        _ = try await Self.register(try Self.evidenceStatement("sev-snp", foreignReport, issuer: scene.issuer), as: "foreign-evidence.cose", in: scene)
        let foreignReceipt = try await Self.register(
            try Self.receipt(2000, references: [try Self.reference("sev-snp-report", "application/octet-stream", foreignReport), snpReferences[1]],
                             keyBinding: "report-data-sha512-pubkey", issuer: scene.issuer),
            as: "foreign-receipt.cose", in: scene)
        let revokingCRL = authority.snpCRL(revoking: [TestTEEAuthority.askSerialNumber], thisUpdate: now.addingTimeInterval(-86_400), nextUpdate: now.addingTimeInterval(30 * 86_400))
        let revokedPayload = try CollateralStatementPayload(platform: "sev-snp", certificates: authority.snpCertificates.map(\.der), crls: [revokingCRL])
        _ = try await Self.register(try Self.collateralStatement(revokedPayload, issuer: scene.issuer), as: "revoked-collateral.cose", in: scene)
        let revokedReceipt = try await Self.register(
            try Self.receipt(3000, references: [snpReferences[0], try Self.reference(CollateralStatementPayload.referenceKind, CollateralStatementPayload.contentType, revokedPayload.encoded())],
                             keyBinding: "report-data-sha512-pubkey", issuer: scene.issuer),
            as: "revoked-receipt.cose", in: scene)

        await scene.log.service.witnessNow()
        let vkey = scene.key.verifierKey.encoded

        func bundle(_ index: UInt64, _ statements: [String], _ out: String) async throws {
            let result = try await ChildProcess.runOnThread(
                ["bundle", "--log", scene.log.url, "--index", String(index), "--vkey", vkey, "--out", scene.path(out)]
                    + statements.flatMap { ["--evidence-statement", scene.path($0)] })
            #expect(result.status == 0, "\(result.stderr)")
        }
        func verify(_ name: String, policy: String = "policy.txt") async throws -> (status: Int32, stdout: String) {
            let r = try await ChildProcess.runOnThread(["verify", "--bundle", scene.path(name), "--policy", scene.path(policy)])
            return (r.status, r.stdout + r.stderr)
        }

        // One receipt of the hundred, with its evidence and collateral: VERIFIED.
        try await bundle(receiptIndexes[42], ["snp-evidence.cose", "snp-collateral.cose"], "snp.bundle")
        let snpBundle = try BundleCommandTests.bundle(scene.path("snp.bundle"))
        #expect(snpBundle.entries.count == 2 && !snpBundle.witnessed.isEmpty)
        let snp = try await verify("snp.bundle")
        #expect(snp.status == 0 && Self.environment(snp.stdout) == "VERIFIED", "\(snp.stdout)")
        #expect(snp.stdout.contains("vendor-roots") && snp.stdout.contains(Hex.encode(authority.arkSHA256)), "\(snp.stdout)")
        let required = try await verify("snp.bundle", policy: "snp-policy.txt")
        #expect(required.status == 0 && Self.environment(required.stdout) == "VERIFIED", "\(required.stdout)")

        // The Nitro receipt: VERIFIED, appraised at its signed timestamp, fresh against the witnesses.
        try await bundle(nitroReceipt, ["nitro-evidence.cose"], "nitro.bundle")
        let nitroResult = try await verify("nitro.bundle")
        #expect(nitroResult.status == 0 && Self.environment(nitroResult.stdout) == "VERIFIED", "\(nitroResult.stdout)")

        // Evidence of another key: the key binding fails.
        try await bundle(foreignReceipt, ["foreign-evidence.cose", "snp-collateral.cose"], "foreign.bundle")
        let foreign = try await verify("foreign.bundle")
        #expect(foreign.status == 1 && Self.environment(foreign.stdout) == "FAILED" && foreign.stdout.contains("key-binding"), "\(foreign.stdout)")

        // A CRL that revokes the ASK: the chain fails.
        try await bundle(revokedReceipt, ["snp-evidence.cose", "revoked-collateral.cose"], "revoked.bundle")
        let revoked = try await verify("revoked.bundle")
        #expect(revoked.status == 1 && Self.environment(revoked.stdout) == "FAILED" && revoked.stdout.contains("chain.revocation"), "\(revoked.stdout)")

        // The evidence entry missing from the bundle: not checked, never VERIFIED.
        try await bundle(receiptIndexes[7], ["snp-collateral.cose"], "missing.bundle")
        let missing = try await verify("missing.bundle", policy: "snp-policy.txt")
        #expect(missing.status == 2 && Self.environment(missing.stdout) == "NOT_CHECKED" && missing.stdout.contains("EVIDENCE_NOT_IN_BUNDLE"), "\(missing.stdout)")

        // A v1 bundle of the same receipt still verifies, as a policy match only.
        try await bundle(receiptIndexes[7], [], "v1.bundle")
        let v1 = try await verify("v1.bundle", policy: "snp-policy.txt")
        #expect(v1.status == 0 && Self.environment(v1.stdout) == "POLICY_MATCH", "\(v1.stdout)")

        // `--at` outside the CRL's window: the chain's revocation data is not current.
        let late = try await ChildProcess.runOnThread(["verify", "--bundle", scene.path("snp.bundle"), "--policy", scene.path("policy.txt"), "--at", "2029-06-01T00:00:00Z"])
        #expect(late.status == 1 && Self.environment(late.stdout) == "FAILED", "\(late.stdout)")
    }
}

/// SHA-512 of bytes, for the report-data-sha512-pubkey binding.
enum SHA512Digest {
    static func of(_ bytes: [UInt8]) -> [UInt8] { Array(Crypto.SHA512.hash(data: bytes)) }
}
