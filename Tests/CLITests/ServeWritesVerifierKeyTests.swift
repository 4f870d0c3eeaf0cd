import Foundation
import HTTPTestSupport
import Testing

/// `receiptlog serve` (re)writes DIR/log.vkey, the log's verifier key on one line, at every start
/// (specs/http-api.md, "Running a log"), however the key came to be.
@Suite struct ServeWritesVerifierKeyTests {
    /// A data directory with an issuer list beside it.
    static func directory() throws -> (root: URL, data: String, issuers: String) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("serve-vkey-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let issuer = try ChildProcess.run(["keys", "generate", "--name", "issuer.example", "--out", root.appendingPathComponent("issuer.key").path])
        #expect(issuer.status == 0)
        let issuers = root.appendingPathComponent("issuers.txt")
        try Data(issuer.stdout.utf8).write(to: issuers)
        let data = root.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        return (root, data.path, issuers.path)
    }

    /// Starts the log until it listens, then stops it with SIGTERM; returns the printed verifier key.
    static func serveOnce(data: String, issuers: String, extra: [String] = []) async throws -> String {
        let log = try await ChildProcess.start(
            ["serve", "--data", data, "--listen", "127.0.0.1:0", "--origin", "log.example/vkey", "--issuers", issuers] + extra,
            waitingFor: ["log verifier key: ", "listening on "], deadline: .seconds(60))
        let exit = try await log.stop(within: .seconds(30))
        #expect(exit.status == 0)
        return log.readyLines[0]
    }

    static func vkeyFile(_ data: String) throws -> String {
        String(decoding: try Data(contentsOf: URL(fileURLWithPath: data + "/log.vkey")), as: UTF8.self)
    }

    /// A key made beforehand with `keys generate` (started with --init): log.vkey is written.
    @Test func keyMadeBeforehand() async throws {
        let (root, data, issuers) = try Self.directory()
        defer { try? FileManager.default.removeItem(at: root) }
        let made = try ChildProcess.run(["keys", "generate", "--name", "log.example/vkey", "--out", data + "/log.key"])
        #expect(made.status == 0)
        #expect(!FileManager.default.fileExists(atPath: data + "/log.vkey"))

        let printed = try await Self.serveOnce(data: data, issuers: issuers, extra: ["--init"])
        #expect(printed == made.stdout.trimmingCharacters(in: .newlines))
        #expect(try Self.vkeyFile(data) == printed + "\n")
    }

    /// A key the log made: log.vkey is written on first start, rewritten when it was removed or
    /// holds something else (a stale copy, an edit), and the log starts each time.
    @Test func keyMadeByTheLogIsRewrittenAtEveryStart() async throws {
        let (root, data, issuers) = try Self.directory()
        defer { try? FileManager.default.removeItem(at: root) }
        let printed = try await Self.serveOnce(data: data, issuers: issuers)
        #expect(printed.hasPrefix("log.example/vkey+"))
        #expect(try Self.vkeyFile(data) == printed + "\n")

        try FileManager.default.removeItem(atPath: data + "/log.vkey")
        #expect(try await Self.serveOnce(data: data, issuers: issuers) == printed)
        #expect(try Self.vkeyFile(data) == printed + "\n")

        let other = try ChildProcess.run(["keys", "generate", "--name", "other.example/log", "--out", root.appendingPathComponent("other.key").path])
        try Data(other.stdout.utf8).write(to: URL(fileURLWithPath: data + "/log.vkey"))
        #expect(try await Self.serveOnce(data: data, issuers: issuers) == printed)
        #expect(try Self.vkeyFile(data) == printed + "\n")
    }
}
