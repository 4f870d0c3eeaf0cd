import Foundation
import HTTPTestSupport
import Testing

/// `--vkey VKEY|FILE` (specs/verify.md, "The log key"): the key's text or a file whose first
/// non-empty line is the key, such as the DIR/log.vkey that `serve` writes; a key that is not the
/// log's is refused naming both sides.
@Suite(.serialized) struct VKeyOptionTests {
    static let origin = "example.com/vkey-log"

    @Test func aKeyFileIsReadAndAWrongKeyNamesBothSides() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("vkey-option-" + UUID().uuidString)
        defer { try? FileManager.default.removeItem(at: root) }
        for dir in ["log", "model"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(dir), withIntermediateDirectories: true)
        }
        func path(_ name: String) -> String { root.appendingPathComponent(name).path }
        func write(_ text: String, _ name: String) throws { try Data(text.utf8).write(to: root.appendingPathComponent(name)) }
        func run(_ arguments: [String]) throws -> String {
            let result = try ChildProcess.run(arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        try write(try run(["keys", "generate", "--name", "inference.example", "--out", path("issuer.key")]) + "\n", "issuers.txt")
        let otherVkey = try run(["keys", "generate", "--name", "other.example/log", "--out", path("other.key")])
        try write("{\"layers\":1}", "model/config.json")
        try write("question", "request.txt")
        try write("answer", "response.txt")
        _ = try run([
            "issue", "--key", path("issuer.key"), "--subject", "s", "--model-dir", path("model"), "--model-id", "tiny",
            "--model-version", "1", "--request", path("request.txt"), "--response", path("response.txt"), "--out", path("s.cose"),
        ])

        let log = try await ChildProcess.start(
            ["serve", "--data", path("log"), "--listen", "127.0.0.1:0", "--origin", Self.origin, "--issuers", path("issuers.txt")],
            waitingFor: ["log verifier key: ", "listening on "], deadline: .seconds(60))
        defer { log.killNow() }
        let logVkey = log.readyLines[0]
        let url = log.readyLines[1]
        _ = try run(["submit", "--log", url, "--out", path("s.json"), path("s.cose")])

        func prove(_ vkey: String) async throws -> ChildProcess.Output {
            try await ChildProcess.runOnThread(["prove", "--log", url, "--index", "0", "--vkey", vkey])
        }
        // DIR/log.vkey as the serve wrote it, and a file with blank lines and spaces around the key.
        let fromFile = try await prove(path("log/log.vkey"))
        #expect(fromFile.status == 0 && fromFile.stdout.hasPrefix("c2sp.org/tlog-proof@v1\n"), "\(fromFile.stderr)")
        try write("\n  \(logVkey)  \n\n", "spaced.vkey")
        #expect(try await prove(path("spaced.vkey")).status == 0)
        #expect(try await prove(logVkey).stdout == fromFile.stdout)

        // Another log's key, as a file: both keys are named.
        try write(otherVkey + "\n", "other.vkey")
        let wrong = try await prove(path("other.vkey"))
        #expect(wrong.status == 1)
        let logRef = String(logVkey.split(separator: "+").prefix(2).joined(separator: "+"))
        let otherRef = String(otherVkey.split(separator: "+").prefix(2).joined(separator: "+"))
        let mismatch = "Error: the log at \(url) signs as \(logRef), not \(otherRef) (the --vkey given)\n"
        #expect(wrong.stderr == mismatch, "\(wrong.stderr)")
        // checkpoint takes --vkey the same way, and names both sides the same way.
        let checkpoint = try ChildProcess.run(["checkpoint", "--log", url, "--vkey", path("log/log.vkey")])
        #expect(checkpoint.status == 0 && checkpoint.stdout.hasPrefix(Self.origin + "\n"), "\(checkpoint.stderr)")
        let wrongCheckpoint = try ChildProcess.run(["checkpoint", "--log", url, "--vkey", otherVkey])
        #expect(wrongCheckpoint.status == 1 && wrongCheckpoint.stderr == mismatch, "\(wrongCheckpoint.stderr)")

        // Neither a key nor a file; an empty file; a directory.
        let neither = try await prove(path("missing.vkey"))
        #expect(neither.status == 1 && neither.stderr.contains("is neither a verifier key"), "\(neither.stderr)")
        #expect(neither.stderr.contains("nor a file; give the log's key or its DIR/log.vkey"), "\(neither.stderr)")
        try write("\n\n", "empty.vkey")
        let empty = try await prove(path("empty.vkey"))
        #expect(empty.status == 1 && empty.stderr.contains("is an empty file"), "\(empty.stderr)")
        let directory = try await prove(path("log"))
        #expect(directory.status == 1 && directory.stderr.contains("is a directory"), "\(directory.stderr)")
        #expect(try await log.stop(within: .seconds(30)).status == 0)
    }
}
