import CryptoPrimitives
import Foundation
import HTTPTestSupport
import Merkle
import ModelDirectory
import Notes
import Statements
import Testing
import Verification

/// `receiptlog verify` run as a process on bundles and policies built here.
@Suite struct VerifyCommandTests {
    static func key(_ byte: UInt8) -> Ed25519PrivateKey { try! Ed25519PrivateKey(seed: [UInt8](repeating: byte, count: 32)) }
    static let logSigner = try! SignerKey(name: "log.example/receipts", type: .ed25519, privateKey: key(0x22))
    static let witness = try! SignerKey(name: "witness1.example", type: .cosignatureV1, privateKey: key(0x31))
    static let issuerKey = key(0x11)
    static let request = Array("What is 2+2?".utf8)
    static let salt = [UInt8](1...32)

    /// A scratch directory with a model, a receipt for it in a bundle, a salt and the request.
    struct Scene {
        let dir: URL
        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
    }

    static func scene(cosigned: Bool = true) throws -> Scene {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("receiptlog-verify-cli-\(UUID().uuidString)")
        let model = dir.appendingPathComponent("model")
        try FileManager.default.createDirectory(at: model.appendingPathComponent("weights"), withIntermediateDirectories: true)
        try Data("{}\n".utf8).write(to: model.appendingPathComponent("config.json"))
        try Data([UInt8](repeating: 5, count: 100)).write(to: model.appendingPathComponent("weights/a.bin"))
        let digest = try ModelManifest.hashing(directory: model.path).digest
        let claims = InferenceReceiptClaims(
            issuer: "inference.example", subject: "deployment/test",
            issuedAt: UInt64(Date().timeIntervalSince1970) - 60, cwtID: [UInt8](repeating: 7, count: 16),
            modelID: "tiny", modelVersion: "1", modelHash: digest, modelHashScheme: .receiptlogManifestV1,
            commitments: [
                try Commitment.commit(to: request, field: .request, salt: salt),
                try Commitment.commit(to: Array("4".utf8), field: .response, salt: salt),
            ])
        let statement = try claims.signedStatement(key: issuerKey).leaf
        // A three-entry log with the statement at index 1.
        let entries = [Array("a".utf8), statement, Array("c".utf8)]
        var stored = [Hash]()
        for (i, entry) in entries.enumerated() { stored += try storedHashes(index: UInt64(i), entry: entry, reader: stored) }
        let checkpoint = try Checkpoint(origin: logSigner.name, treeSize: 3, rootHash: try treeHash(size: 3, reader: stored))
        var note = try logSigner.sign(checkpoint)
        if cosigned {
            note = try note.adding(try witness.cosign(checkpoint, timestamp: UInt64(Date().timeIntervalSince1970)).noteSignature)
        }
        let path = try InclusionProof(leafIndex: 1, treeSize: 3, reader: stored).hashes
        let bundle = try ReceiptBundle(statement: statement, index: 1, inclusionProof: path, note: note)
        try Data(bundle.encoded).write(to: dir.appendingPathComponent("receipt.bundle"))
        let issuer = try IssuerKey(name: "inference.example", publicKey: issuerKey.publicKey)
        let policy = """
            # The test log, its one witness, the issuer and the model.
            log \(logSigner.verifierKey.encoded)
            witness \(witness.verifierKey.encoded)
            quorum 1
            issuer \(issuer.verifierKey)
            model-hash \(digest.hex)
            max-age 3600

            """
        try Data(policy.utf8).write(to: dir.appendingPathComponent("policy.txt"))
        try Data(salt.map { String(format: "%02x", $0) }.joined().utf8).write(to: dir.appendingPathComponent("request.salt"))
        try Data(request).write(to: dir.appendingPathComponent("request.txt"))
        return Scene(dir: dir)
    }

    static func verify(_ scene: Scene, _ extra: [String] = []) throws -> ChildProcess.Output {
        try ChildProcess.run(["verify", "--bundle", scene.path("receipt.bundle"), "--policy", scene.path("policy.txt")] + extra)
    }

    @Test func verifiedBundleExitsZero() throws {
        let scene = try Self.scene()
        let result = try Self.verify(
            scene, ["--model-dir", scene.path("model"), "--open", "request=\(scene.path("request.salt")):\(scene.path("request.txt"))"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("log-inclusion") == true)
        #expect(lines.contains { $0.hasPrefix("model-identity") && $0.contains(" VERIFIED ") })
        #expect(lines.contains { $0.hasPrefix("commitment request") && $0.contains(" VERIFIED ") })
        #expect(lines.contains { $0.hasPrefix("commitment response") && $0.contains(" NOT_CHECKED ") })
        #expect(result.stdout.contains("assumptions:\n"))
        #expect(lines.last == "result: VERIFIED (every required check is VERIFIED or POLICY_MATCH)")
    }

    @Test func jsonReport() throws {
        let scene = try Self.scene()
        let result = try Self.verify(scene, ["--json"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["result"] as? String == "VERIFIED")
        #expect(object["exit_code"] as? Int == 0)
        let checks = try #require(object["checks"] as? [[String: Any]])
        #expect(checks.map { $0["layer"] as? String } == [
            "log-inclusion", "witness-quorum", "cose-receipt", "issuer-signature", "environment", "workload-identity",
            "model-identity", "commitment request", "commitment response",
        ])
        #expect(checks[2]["verdict"] as? String == "NOT_CHECKED")
        #expect((object["assumptions"] as? [[String: Any]])?.allSatisfy { $0["verdict"] as? String == "ASSUMED" } == true)
    }

    @Test func failedCheckExitsOne() throws {
        let scene = try Self.scene()
        try Data("wrong".utf8).write(to: scene.dir.appendingPathComponent("request.txt"))
        let wrongData = try Self.verify(scene, ["--open", "request=\(scene.path("request.salt")):\(scene.path("request.txt"))"])
        #expect(wrongData.status == 1, "\(wrongData.stdout)")
        #expect(wrongData.stdout.contains("result: FAILED (commitment request)"))
        try Data("{\"x\":1}\n".utf8).write(to: scene.dir.appendingPathComponent("model/config.json"))
        let wrongModel = try Self.verify(scene, ["--model-dir", scene.path("model")])
        #expect(wrongModel.status == 1)
        #expect(wrongModel.stdout.contains("MODEL_HASH_MISMATCH"))
    }

    @Test func missingCosignatureExitsTwo() throws {
        let scene = try Self.scene(cosigned: false)
        let result = try Self.verify(scene)
        #expect(result.status == 2, "\(result.stdout)")
        #expect(result.stdout.contains("NO_COSIGNATURES"))
        #expect(result.stdout.contains("result: NOT_CHECKED (required but not checked: witness-quorum)"))
    }

    @Test func malformedBundleExitsOne() throws {
        let scene = try Self.scene()
        try Data("receiptlog.dev/receipt-bundle@v1\nstatement AA==\n".utf8).write(to: scene.dir.appendingPathComponent("receipt.bundle"))
        let result = try Self.verify(scene)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("Error: the bundle"))
        #expect(result.stdout.isEmpty)
    }

    @Test func unusableInputsExitThree() throws {
        let scene = try Self.scene()
        try Data("log nonsense\n".utf8).write(to: scene.dir.appendingPathComponent("bad-policy.txt"))
        let badPolicy = try ChildProcess.run([
            "verify", "--bundle", scene.path("receipt.bundle"), "--policy", scene.path("bad-policy.txt"),
        ])
        #expect(badPolicy.status == 3)
        #expect(badPolicy.stderr.contains("line 1"))
        let badOpen = try Self.verify(scene, ["--open", "request"])
        #expect(badOpen.status == 3)
        let missingSalt = try Self.verify(scene, ["--open", "request=\(scene.path("nope")):\(scene.path("request.txt"))"])
        #expect(missingSalt.status == 3)
        let missingBundle = try ChildProcess.run(["verify", "--bundle", scene.path("nope"), "--policy", scene.path("policy.txt")])
        #expect(missingBundle.status == 3)
    }
}
