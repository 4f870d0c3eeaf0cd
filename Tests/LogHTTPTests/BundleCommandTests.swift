import CryptoPrimitives
import Foundation
import HTTPTestSupport
import LogEngine
import LogHTTP
import Merkle
import Notes
import Statements
import Testing
import Verification
import WitnessEngine

/// `receiptlog bundle` and `receiptlog bundle refresh` against a live log with three witnesses
/// (2 of 3) over loopback, and `receiptlog verify` on what they write.
@Suite(.serialized) struct BundleCommandTests {
    /// A scratch directory, three witnesses, a served log and a trust policy for it.
    struct Scene {
        let dir: String
        let key: SignerKey
        let issuer: Ed25519PrivateKey
        let witnesses: [RunningWitness]
        let policy: WitnessingPolicy
        let log: ServedLog

        func path(_ name: String) -> String { dir + "/" + name }

        static func start() async throws -> Scene {
            let dir = NSTemporaryDirectory() + "bundle-cli-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let key = try SignerKey.generate(name: "example.com/bundled-log", type: .ed25519)
            let logs = try LogList(keys: [key.name: [key.verifierKey]])
            let witnesses = try (0..<3).map { try RunningWitness(directory: "\(dir)/w\($0)", logs: logs) }
            for w in witnesses { try await w.start() }
            let file = witnesses.enumerated().map { "witness w\($0.offset) \($0.element.key.encoded) http://127.0.0.1:\($0.element.port)" }
                .joined(separator: "\n") + "\nquorum 2\n"
            var policy = try WitnessingPolicy(file: Array(file.utf8))
            // Loopback witnesses on a loaded machine may take seconds; these tests are not about time.
            policy.timeout = .seconds(120)
            let issuer = Ed25519PrivateKey()
            let log = try await ServedLog.start(key: key, issuer: issuer, policy: policy, transport: HTTPWitnessTransport())
            let trust = """
                log \(key.verifierKey.encoded)
                \(witnesses.map { "witness \($0.key.encoded)" }.joined(separator: "\n"))
                quorum 2
                issuer \(try IssuerKey(name: "issuer.example", publicKey: issuer.publicKey).verifierKey)

                """
            try Data(trust.utf8).write(to: URL(fileURLWithPath: dir + "/policy.txt"))
            return Scene(dir: dir, key: key, issuer: issuer, witnesses: witnesses, policy: policy, log: log)
        }

        /// An inference receipt signed by the scene's issuer, written to `name`.
        func receipt(_ name: String) throws -> SignedStatement {
            let claims = InferenceReceiptClaims(
                issuer: "issuer.example", subject: "deployment/\(name)",
                issuedAt: UInt64(Date().timeIntervalSince1970) - 10, cwtID: Array(UUID().uuidString.utf8.prefix(16)),
                modelID: "tiny", modelVersion: "1", modelHash: Hash.leaf(Array(name.utf8)), modelHashScheme: .receiptlogManifestV1,
                commitments: [
                    try Commitment.commit(to: Array(name.utf8), field: .request, salt: [UInt8](1...32)),
                    try Commitment.commit(to: Array("4".utf8), field: .response, salt: [UInt8](1...32)),
                ])
            let statement = try claims.signedStatement(key: issuer)
            try Data(statement.message.encoded(tagged: true)).write(to: URL(fileURLWithPath: path(name)))
            return statement
        }

        func stop() async {
            log.task.cancel()
            _ = await log.task.result
            await log.service.shutdown()
            for w in witnesses { await w.stop() }
            try? FileManager.default.removeItem(atPath: dir)
        }
    }

    static func bundle(_ path: String) throws -> ReceiptBundle {
        try ReceiptBundle(parsing: Array(try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    static func verify(_ scene: Scene, _ bundle: String) async throws -> ChildProcess.Output {
        try await ChildProcess.runOnThread(["verify", "--bundle", scene.path(bundle), "--policy", scene.path("policy.txt")])
    }

    /// A registered entry is bundled with the witnessed checkpoint and verifies offline; a
    /// bundle built from submit's answer carries the log-only checkpoint, fails the witness
    /// quorum (NOT_CHECKED), and verifies once refreshed after more entries and a witnessed checkpoint.
    @Test func bundleVerifyAndRefresh() async throws {
        let scene = try await Scene.start()
        try await scene.log.register((0..<3).map { "filler-\($0)" }, issuer: scene.issuer)
        let statement = try scene.receipt("first.cose")
        let submitted = try await ChildProcess.runOnThread([
            "submit", "--log", scene.log.url, "--out", scene.path("answer.json"), scene.path("first.cose"),
        ])
        #expect(submitted.status == 0, "\(submitted.stderr)")
        await scene.log.service.witnessNow()

        // From the log: the published, cosigned checkpoint of size 4.
        let fetched = try await ChildProcess.runOnThread([
            "bundle", "--log", scene.log.url, "--index", "3", "--vkey", scene.key.verifierKey.encoded,
            "--out", scene.path("fetched.bundle"),
        ])
        #expect(fetched.status == 0, "\(fetched.stderr)")
        let bundle = try Self.bundle(scene.path("fetched.bundle"))
        #expect(bundle.statement == statement.leaf && bundle.index == 3 && bundle.checkpoint.treeSize == 4)
        #expect(bundle.coseReceipt != nil)
        #expect(scene.policy.policy.verifiedCosignatures(on: bundle.note).count >= 2)
        let verified = try await Self.verify(scene, "fetched.bundle")
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        #expect(verified.stdout.split(separator: "\n").contains {
            $0.hasPrefix("witness-quorum") && $0.contains(" VERIFIED ")
        })

        // Never overwrites a file.
        let again = try await ChildProcess.runOnThread([
            "bundle", "--log", scene.log.url, "--index", "3", "--vkey", scene.key.verifierKey.encoded, "--out", scene.path("fetched.bundle"),
        ])
        #expect(again.status != 0 && again.stderr.contains("already exists"), "\(again.stderr)")

        // From submit's answer: the checkpoint the log signed at registration, not cosigned.
        let answered = try await ChildProcess.runOnThread([
            "bundle", "--from-answer", scene.path("answer.json"), "--statement", scene.path("first.cose"),
            "--vkey", scene.key.verifierKey.encoded, "--out", scene.path("answered.bundle"),
        ])
        #expect(answered.status == 0, "\(answered.stderr)")
        let logOnly = try Self.bundle(scene.path("answered.bundle"))
        #expect(logOnly.statement == statement.leaf && logOnly.index == 3)
        #expect(scene.policy.policy.verifiedCosignatures(on: logOnly.note).isEmpty)
        let unwitnessed = try await Self.verify(scene, "answered.bundle")
        // No cosignature at all is an input not yet available: NOT_CHECKED, exit 2 (specs/verify.md).
        #expect(unwitnessed.status == 2, "\(unwitnessed.stdout)")
        #expect(unwitnessed.stdout.split(separator: "\n").contains { $0.hasPrefix("witness-quorum") && $0.contains(" NOT_CHECKED ") })

        // More entries and a witnessed checkpoint, then refresh.
        try await scene.log.register((0..<5).map { "later-\($0)" }, issuer: scene.issuer)
        await scene.log.service.witnessNow()
        let refreshed = try await ChildProcess.runOnThread([
            "bundle", "refresh", "--log", scene.log.url, "--bundle", scene.path("answered.bundle"),
            "--vkey", scene.key.verifierKey.encoded, "--out", scene.path("refreshed.bundle"),
        ])
        #expect(refreshed.status == 0, "\(refreshed.stderr)")
        let fresh = try Self.bundle(scene.path("refreshed.bundle"))
        #expect(fresh.checkpoint.treeSize == 9 && fresh.index == 3 && fresh.statement == statement.leaf)
        #expect(fresh.coseReceipt == logOnly.coseReceipt)
        let reverified = try await Self.verify(scene, "refreshed.bundle")
        #expect(reverified.status == 0, "\(reverified.stdout)\(reverified.stderr)")
        await scene.stop()
    }

    /// Without --vkey nothing authenticated the checkpoint: `prove`, `bundle` (both forms) and
    /// `bundle refresh` refuse in one line and write nothing. With --unverified they write, exit
    /// 0 and say NOT VERIFIED on standard error; --vkey and --unverified together are refused.
    @Test func withoutTheLogKeyNothingIsReportedVerified() async throws {
        let scene = try await Scene.start()
        try await scene.log.register((0..<3).map { "filler-\($0)" }, issuer: scene.issuer)
        _ = try scene.receipt("first.cose")
        let submitted = try await ChildProcess.runOnThread(["submit", "--log", scene.log.url, "--out", scene.path("answer.json"), scene.path("first.cose")])
        #expect(submitted.status == 0, "\(submitted.stderr)")
        await scene.log.service.witnessNow()
        let vkey = scene.key.verifierKey.encoded
        let good = try await ChildProcess.runOnThread([
            "bundle", "--log", scene.log.url, "--index", "3", "--vkey", vkey, "--out", scene.path("good.bundle"),
        ])
        #expect(good.status == 0, "\(good.stderr)")
        let commands: [(name: String, arguments: [String])] = [
            ("prove", ["prove", "--log", scene.log.url, "--index", "3"]),
            ("bundle", ["bundle", "--log", scene.log.url, "--index", "3"]),
            ("bundle create", ["bundle", "create", "--log", scene.log.url, "--index", "3"]),
            ("bundle from answer", ["bundle", "--from-answer", scene.path("answer.json"), "--statement", scene.path("first.cose")]),
            ("bundle refresh", ["bundle", "refresh", "--log", scene.log.url, "--bundle", scene.path("good.bundle")]),
        ]
        for (i, command) in commands.enumerated() {
            let refused = try await ChildProcess.runOnThread(command.arguments + ["--out", scene.path("refused-\(i)")])
            #expect(refused.status == 1, "\(command.name): \(refused.stdout) \(refused.stderr)")
            let lines = refused.stderr.split(separator: "\n")
            #expect(lines.count == 1 && lines[0].contains("--vkey") && lines[0].contains("--unverified"), "\(command.name): \(refused.stderr)")
            #expect(!FileManager.default.fileExists(atPath: scene.path("refused-\(i)")), "\(command.name)")

            let unverified = try await ChildProcess.runOnThread(command.arguments + ["--unverified", "--out", scene.path("unverified-\(i)")])
            #expect(unverified.status == 0, "\(command.name): \(unverified.stderr)")
            #expect(unverified.stderr.contains("NOT VERIFIED: the checkpoint's signature was not checked (pass --vkey)"), "\(command.name): \(unverified.stderr)")
            #expect(FileManager.default.fileExists(atPath: scene.path("unverified-\(i)")), "\(command.name)")

            let both = try await ChildProcess.runOnThread(command.arguments + ["--vkey", vkey, "--unverified", "--out", scene.path("both-\(i)")])
            #expect(both.status != 0 && !FileManager.default.fileExists(atPath: scene.path("both-\(i)")), "\(command.name): \(both.stderr)")

            let verified = try await ChildProcess.runOnThread(command.arguments + ["--vkey", vkey, "--out", scene.path("verified-\(i)")])
            #expect(verified.status == 0 && !verified.stderr.contains("NOT VERIFIED"), "\(command.name): \(verified.stderr)")
        }
        await scene.stop()
    }

    /// An index past the published tree is one line of error and a non-zero status; nothing is written.
    @Test func unknownIndexFails() async throws {
        let scene = try await Scene.start()
        try await scene.log.register(["only"], issuer: scene.issuer)
        await scene.log.service.witnessNow()
        let result = try await ChildProcess.runOnThread([
            "bundle", "--log", scene.log.url, "--index", "7", "--vkey", scene.key.verifierKey.encoded, "--out", scene.path("x.bundle"),
        ])
        #expect(result.status != 0)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].contains("7"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: scene.path("x.bundle")))
        await scene.stop()
    }

    /// A log with the same key and origin but another history publishes a larger checkpoint:
    /// refreshing against it is refused, since its tiles cannot prove it consistent.
    @Test func inconsistentCheckpointIsRefused() async throws {
        let scene = try await Scene.start()
        _ = try scene.receipt("first.cose")
        try await scene.log.register(["a", "b"], issuer: scene.issuer)
        let submitted = try await ChildProcess.runOnThread(["submit", "--log", scene.log.url, "--out", scene.path("answer.json"), scene.path("first.cose")])
        #expect(submitted.status == 0, "\(submitted.stderr)")
        let answered = try await ChildProcess.runOnThread([
            "bundle", "--from-answer", scene.path("answer.json"), "--statement", scene.path("first.cose"),
            "--vkey", scene.key.verifierKey.encoded, "--out", scene.path("b.bundle"),
        ])
        #expect(answered.status == 0, "\(answered.stderr)")

        var forkPolicy = scene.policy
        forkPolicy.failOpen = true
        // The forks register before serving: their witnessing rounds, which the real witnesses
        // answer with the alarm this drill does not test, start only with the server.
        let fork = try await ServedLog.start(
            key: scene.key, issuer: scene.issuer, policy: forkPolicy, transport: HTTPWitnessTransport(),
            registering: (0..<6).map { "forked-\($0)" })
        for (name, expectedSize) in [("larger", 6), ("same-size", 3)] {
            if name == "same-size" {
                // A fork of the bundle's own size with another root.
                let small = try await ServedLog.start(
                    key: scene.key, issuer: scene.issuer, policy: forkPolicy, transport: HTTPWitnessTransport(),
                    registering: (0..<3).map { "other-\($0)" })
                try await Self.expectRefused(scene, small.url, out: name, size: expectedSize)
                small.task.cancel()
                _ = await small.task.result
                await small.service.shutdown()
            } else {
                try await Self.expectRefused(scene, fork.url, out: name, size: expectedSize)
            }
        }
        fork.task.cancel()
        _ = await fork.task.result
        await fork.service.shutdown()
        await scene.stop()
    }

    static func expectRefused(_ scene: Scene, _ url: String, out: String, size: Int) async throws {
        let result = try await ChildProcess.runOnThread([
            "bundle", "refresh", "--log", url, "--bundle", scene.path("b.bundle"), "--vkey", scene.key.verifierKey.encoded,
            "--out", scene.path(out),
        ])
        #expect(result.status != 0)
        #expect(result.stderr.contains("not consistent") && result.stderr.contains("size \(size)"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: scene.path(out)))
    }
}
