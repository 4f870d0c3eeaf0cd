import CryptoPrimitives
import Foundation
import HTTPTestSupport
import Notes
import Statements
import Testing
import Verification

/// `receiptlog policy init` run as a process: the trust policy it writes from a log's verifier key,
/// witness file and issuer list, the policy's use by `receiptlog verify`, and its refusals.
@Suite struct PolicyInitTests {
    /// A second witness, which never cosigns the scene's bundle.
    static let secondWitness = try! SignerKey(name: "witness2.example", type: .cosignatureV1, privateKey: VerifyCommandTests.key(0x32))

    /// The inputs of `policy init` for the bundle of ``VerifyCommandTests/scene(cosigned:)``: the
    /// log's DIR/log.vkey, a witness file with two witnesses and quorum 2, and the issuer list.
    static func inputs(in scene: VerifyCommandTests.Scene) throws -> [String] {
        try Data((VerifyCommandTests.logSigner.verifierKey.encoded + "\n").utf8).write(to: URL(fileURLWithPath: scene.path("log.vkey")))
        let witnesses = """
            # witness NAME VERIFIER-KEY URL
            witness w1 \(VerifyCommandTests.witness.verifierKey.encoded) http://127.0.0.1:1
            witness w2 \(secondWitness.verifierKey.encoded) http://127.0.0.1:2
            quorum 2

            """
        try Data(witnesses.utf8).write(to: URL(fileURLWithPath: scene.path("witnesses.txt")))
        let issuer = try IssuerKey(name: "inference.example", publicKey: VerifyCommandTests.issuerKey.publicKey)
        try Data("\(issuer.verifierKey)\n".utf8).write(to: URL(fileURLWithPath: scene.path("issuers.txt")))
        return [
            "policy", "init", "--log-vkey", scene.path("log.vkey"), "--witnesses", scene.path("witnesses.txt"), "--issuers",
            scene.path("issuers.txt"),
        ]
    }

    @Test func writesAPolicyThatVerifyAccepts() throws {
        let scene = try VerifyCommandTests.scene()
        defer { try? FileManager.default.removeItem(at: scene.dir) }
        let arguments = try Self.inputs(in: scene)

        // The witness file's quorum: the policy holds the log key, both witnesses, quorum 2 and the issuer.
        let written = try ChildProcess.run(arguments + ["--out", scene.path("quorum2.policy")])
        #expect(written.status == 0, "\(written.stderr)")
        let policy = try TrustPolicy(file: try Data(contentsOf: URL(fileURLWithPath: scene.path("quorum2.policy"))))
        #expect(policy.logKey == VerifyCommandTests.logSigner.verifierKey)
        #expect(policy.origin == "log.example/receipts")
        #expect(policy.witnessPolicy?.witnesses == [VerifyCommandTests.witness.verifierKey, Self.secondWitness.verifierKey])
        #expect(policy.witnessPolicy?.threshold == 2)
        #expect(policy.issuers.keys.map(\.name) == ["inference.example"])

        // The bundle carries one cosignature: 1 of 2 is not the quorum.
        let short = try ChildProcess.run(["verify", "--bundle", scene.path("receipt.bundle"), "--policy", scene.path("quorum2.policy")])
        #expect(short.status != 0, "\(short.stdout)")
        #expect(short.stdout.split(separator: "\n").contains { $0.hasPrefix("witness-quorum") && !$0.contains(" VERIFIED ") })

        // --quorum 1, on standard output: verify accepts the bundle, witness layer included.
        let one = try ChildProcess.run(arguments + ["--quorum", "1"])
        #expect(one.status == 0, "\(one.stderr)")
        try Data(one.stdout.utf8).write(to: URL(fileURLWithPath: scene.path("quorum1.policy")))
        let verified = try ChildProcess.run(["verify", "--bundle", scene.path("receipt.bundle"), "--policy", scene.path("quorum1.policy")])
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        #expect(verified.stdout.split(separator: "\n").contains { $0.hasPrefix("witness-quorum") && $0.contains(" VERIFIED ") })
        #expect(verified.stdout.contains("result: VERIFIED"))
    }

    @Test func refusesBadInputsWithOneLineAndWritesNothing() throws {
        let scene = try VerifyCommandTests.scene()
        defer { try? FileManager.default.removeItem(at: scene.dir) }
        let arguments = try Self.inputs(in: scene)
        let out = scene.path("refused.policy")

        func refused(_ arguments: [String], saying text: String) throws {
            let result = try ChildProcess.run(arguments + ["--out", out])
            #expect(result.status != 0)
            #expect(result.stderr.contains(text), "\(result.stderr)")
            #expect(result.stderr.trimmingCharacters(in: .newlines).split(separator: "\n").count == 1, "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out))
        }

        try refused(arguments + ["--quorum", "3"], saying: "--quorum 3 is not from 1 to 2")
        try refused(arguments + ["--quorum", "0"], saying: "--quorum 0 is not from 1 to 2")

        var badKey = arguments
        badKey[3] = "not-a-key"
        try refused(badKey, saying: "--log-vkey not-a-key is neither a verifier key nor a file")
        // A witness's key is no log key (type 0x04, not Ed25519 0x01).
        badKey[3] = VerifyCommandTests.witness.verifierKey.encoded
        try refused(badKey, saying: "not an Ed25519 note key")

        try Data("witness w1 \(VerifyCommandTests.witness.verifierKey.encoded) http://127.0.0.1:1\nquorum  1\n".utf8).write(
            to: URL(fileURLWithPath: scene.path("witnesses.txt")))
        try refused(arguments, saying: "line 2")
        try Data("witness w1 \(VerifyCommandTests.witness.verifierKey.encoded) http://127.0.0.1:1\n".utf8).write(
            to: URL(fileURLWithPath: scene.path("witnesses.txt")))
        try refused(arguments, saying: "--witnesses")

        _ = try Self.inputs(in: scene)
        try Data("not an issuer\n".utf8).write(to: URL(fileURLWithPath: scene.path("issuers.txt")))
        try refused(arguments, saying: "--issuers")

        // An existing --out is never overwritten.
        _ = try Self.inputs(in: scene)
        try Data("keep\n".utf8).write(to: URL(fileURLWithPath: out))
        let existing = try ChildProcess.run(arguments + ["--out", out])
        #expect(existing.status != 0)
        #expect(existing.stderr.contains("choose another --out"), "\(existing.stderr)")
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "keep\n")
    }

    /// With --log, the log's served checkpoint must verify under --log-vkey: the key a running
    /// log wrote to DIR/log.vkey passes, another log's key is refused.
    @Test func checksTheServedCheckpointWithLog() async throws {
        let scene = try VerifyCommandTests.scene()
        defer { try? FileManager.default.removeItem(at: scene.dir) }
        let arguments = try Self.inputs(in: scene)
        let data = scene.path("log")
        let log = try await ChildProcess.start(
            ["serve", "--data", data, "--listen", "127.0.0.1:0", "--origin", "log.example/running", "--issuers", scene.path("issuers.txt")],
            deadline: .seconds(60))
        defer { log.killNow() }
        let url = log.readyLines[0]

        let other = try ChildProcess.run(arguments + ["--log", url, "--out", scene.path("other.policy")])
        #expect(other.status != 0)
        #expect(other.stderr.contains("--log \(url): the log's checkpoint does not verify"), "\(other.stderr)")
        #expect(!FileManager.default.fileExists(atPath: scene.path("other.policy")))

        var own = arguments
        own[3] = data + "/log.vkey"
        let written = try ChildProcess.run(own + ["--log", url, "--out", scene.path("own.policy")])
        #expect(written.status == 0, "\(written.stderr)")
        let policy = try TrustPolicy(file: try Data(contentsOf: URL(fileURLWithPath: scene.path("own.policy"))))
        #expect(policy.origin == "log.example/running")
        #expect(try await log.stop(within: .seconds(30)).status == 0)
    }
}
