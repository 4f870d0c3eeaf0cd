import Foundation
import HTTPTestSupport
import Testing

/// `receiptlog bundle --wait SECONDS` against a real log (`receiptlog serve`) and a real witness
/// (`receiptlog witness serve`, quorum 1) that the test stops and starts again on its port: the
/// bundle is written once the witness has cosigned a checkpoint holding the entry, and without
/// `--wait` (or when the wait runs out) the error says why and how to wait (specs/verify.md,
/// "Waiting for the published tree").
@Suite(.serialized) struct BundleWaitTests {
    /// The log's origin.
    static let origin = "example.com/waited-log"

    /// Keys, files and a signed statement in a scratch directory, the witness stopped.
    struct Scene {
        let root: URL
        let witnessVkey: String
        let logVkey: String
        let witnessPort: Int

        func path(_ name: String) -> String { root.appendingPathComponent(name).path }

        static func make() async throws -> Scene {
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("bundle-wait-" + UUID().uuidString)
            for dir in ["w", "log", "model"] {
                try FileManager.default.createDirectory(at: root.appendingPathComponent(dir), withIntermediateDirectories: true)
            }
            func run(_ arguments: [String]) throws -> String {
                let result = try ChildProcess.run(arguments)
                #expect(result.status == 0, "\(arguments): \(result.stderr)")
                return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            func write(_ text: String, _ name: String) throws { try Data(text.utf8).write(to: root.appendingPathComponent(name)) }
            let witnessVkey = try run([
                "keys", "generate", "--type", "cosignature", "--name", "witness.example", "--out", root.path + "/w/witness.key",
            ])
            let logVkey = try run(["keys", "generate", "--name", origin, "--out", root.path + "/log/log.key"])
            try write(try run(["keys", "generate", "--name", "inference.example", "--out", root.path + "/issuer.key"]) + "\n", "issuers.txt")
            try write("\(origin) \(logVkey)\n", "logs.txt")
            try write("{\"layers\":1}", "model/config.json")
            try write("question", "request.txt")
            try write("answer", "response.txt")
            // The witness's port, for the log's witness file; it is stopped until the test needs it.
            let witness = try await WitnessServerProcess.start(["--data", root.path + "/w", "--listen", "127.0.0.1:0", "--logs", root.path + "/logs.txt"])
            let port = witness.port
            #expect(await witness.terminate(within: .seconds(30))?.status == 0)
            try write("witness w1 \(witnessVkey) http://127.0.0.1:\(port)\nquorum 1\n", "witnesses.txt")
            return Scene(root: root, witnessVkey: witnessVkey, logVkey: logVkey, witnessPort: port)
        }

        /// Starts the witness on its port again.
        func startWitness() async throws -> WitnessServerProcess {
            try await WitnessServerProcess.start([
                "--data", path("w"), "--listen", "127.0.0.1:\(witnessPort)", "--logs", path("logs.txt"),
            ])
        }

        /// Issues statement `name` and submits it; returns its index.
        func submit(_ name: String, to log: String) throws -> Int {
            let issued = try ChildProcess.run([
                "issue", "--key", path("issuer.key"), "--subject", name, "--model-dir", path("model"), "--model-id", "tiny",
                "--model-version", "1", "--request", path("request.txt"), "--response", path("response.txt"), "--out", path(name + ".cose"),
            ])
            #expect(issued.status == 0, "\(issued.stderr)")
            let submitted = try ChildProcess.run(["submit", "--log", log, "--out", path(name + ".json"), path(name + ".cose")])
            #expect(submitted.status == 0, "\(submitted.stderr)")
            let answer = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path(name + ".json")))) as? [String: Any]
            return try #require(answer?["index"] as? Int)
        }

        /// `receiptlog bundle --log LOG --index N --vkey … --out NAME` with `extra`.
        func bundle(_ index: Int, log: String, out: String, _ extra: [String] = []) async throws -> ChildProcess.Output {
            try await ChildProcess.runOnThread(
                ["bundle", "--log", log, "--index", "\(index)", "--vkey", logVkey, "--out", path(out)] + extra)
        }
    }

    @Test func waitsForTheWitnessedTreeAndSaysWhyWithoutWaiting() async throws {
        let scene = try await Scene.make()
        defer { try? FileManager.default.removeItem(at: scene.root) }
        let logProcess = try await ChildProcess.start(
            [
                "serve", "--data", scene.path("log"), "--listen", "127.0.0.1:0", "--origin", Self.origin, "--issuers",
                scene.path("issuers.txt"), "--witnesses", scene.path("witnesses.txt"), "--init",
            ], waitingFor: ["listening on "], deadline: .seconds(60))
        defer { logProcess.killNow() }
        let log = logProcess.readyLines[0]

        // The witness is down: no checkpoint has a quorum yet, and bundle says so at once.
        let first = try scene.submit("run-0", to: log)
        #expect(first == 0)
        let early = try await scene.bundle(first, log: log, out: "early.bundle")
        #expect(early.status == 1)
        #expect(
            early.stderr.contains(
                "entry 0 is not yet in a published tree: no checkpoint of the log has reached its witness quorum yet: the log publishes a checkpoint once its witness quorum (k of its witnesses) has cosigned it; wait for it with --wait 30"
            ), "\(early.stderr)")
        #expect(!FileManager.default.fileExists(atPath: scene.path("early.bundle")))

        // An index the log does not hold is refused at once, --wait or not.
        let missing = try await scene.bundle(99, log: log, out: "missing.bundle", ["--wait", "600"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("the log holds no entry 99"), "\(missing.stderr)")

        // The witness back: --wait writes the bundle once it has cosigned, with its cosignature.
        var witness = try await scene.startWitness()
        let waited = try await scene.bundle(first, log: log, out: "run-0.bundle", ["--wait", "120"])
        #expect(waited.status == 0, "\(waited.stderr)")
        let text = try String(contentsOfFile: scene.path("run-0.bundle"), encoding: .utf8)
        #expect(text.contains("\n— witness.example "), "\(text)")
        #expect(await witness.terminate(within: .seconds(30))?.status == 0)

        // The witness down again: the next entry is not in the published tree of size 1.
        let second = try scene.submit("run-1", to: log)
        #expect(second == 1)
        let notYet = try await scene.bundle(second, log: log, out: "run-1.bundle")
        #expect(notYet.status == 1)
        #expect(
            notYet.stderr.contains(
                "entry 1 is not yet in the published tree of size 1 (its checkpoint carries 1 cosignature): the log publishes a checkpoint once its witness quorum (k of its witnesses) has cosigned it; wait for it with --wait 30"
            ), "\(notYet.stderr)")
        let gaveUp = try await scene.bundle(second, log: log, out: "run-1.bundle", ["--wait", "1"])
        #expect(gaveUp.status == 1)
        #expect(
            gaveUp.stderr.contains("entry 1 is still not in the published tree of size 1 (its checkpoint carries 1 cosignature) after waiting 1 s"),
            "\(gaveUp.stderr)")
        #expect(gaveUp.stderr.contains("shows each witness's last error"), "\(gaveUp.stderr)")
        #expect(!FileManager.default.fileExists(atPath: scene.path("run-1.bundle")))

        // A bundle waiting while the witness comes back is written once the witness cosigns.
        async let late = scene.bundle(second, log: log, out: "run-1.bundle", ["--wait", "120"])
        witness = try await scene.startWitness()
        let written = try await late
        #expect(written.status == 0, "\(written.stderr)")
        #expect(try String(contentsOfFile: scene.path("run-1.bundle"), encoding: .utf8).contains("\n— witness.example "))

        #expect(await witness.terminate(within: .seconds(30))?.status == 0)
        #expect(try await logProcess.stop(within: .seconds(30)).status == 0)
    }

    @Test func waitNeedsTheLogAndARange() throws {
        let outOfRange = try ChildProcess.run(["bundle", "--log", "http://127.0.0.1:1", "--index", "0", "--unverified", "--wait", "100000"])
        #expect(outOfRange.status != 0)
        #expect(outOfRange.stderr.contains("--wait is a number of seconds from 0 to 86400"), "\(outOfRange.stderr)")
        let withoutLog = try ChildProcess.run(["bundle", "--from-answer", "a.json", "--statement", "s.cose", "--unverified", "--wait", "5"])
        #expect(withoutLog.status != 0)
        #expect(withoutLog.stderr.contains("--wait needs --log and --index"), "\(withoutLog.stderr)")
    }
}
