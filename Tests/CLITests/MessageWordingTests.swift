import Foundation
import HTTPTestSupport
import Testing

/// User-facing messages never carry an internal type or case name (`unverifiedNote`,
/// `modelDirectoryUnreadable`, `HTTPClientError.…`): each failure below is produced by the real
/// binary and its message is checked word by word.
@Suite struct MessageWordingTests {
    /// The words of `text` that are camelCase identifiers (a lowercase letter followed by an
    /// uppercase one, letters only) or dotted type names; base64 keys and paths are not words.
    static func internalNames(in text: String) -> [String] {
        text.split(whereSeparator: { $0.isWhitespace }).map {
            $0.trimmingCharacters(in: CharacterSet(charactersIn: ".,:;()\"'?!"))
        }.filter { word in
            guard !word.isEmpty, word.allSatisfy({ $0.isLetter || $0 == "." }) else { return false }
            let letters = Array(word)
            let camel = zip(letters, letters.dropFirst()).contains { $0.isLowercase && $1.isUppercase }
            let typeDump = word.contains(".") && letters.first?.isUppercase == true
            return camel || typeDump
        }
    }

    @Test func theCheckItselfFindsCaseNames() {
        #expect(Self.internalNames(in: "unverifiedNote: no signature") == ["unverifiedNote"])
        #expect(Self.internalNames(in: "failed (HTTPClientError.connectTimeout)") == ["HTTPClientError.connectTimeout"])
        #expect(Self.internalNames(in: "cannot connect to http://127.0.0.1:1: connection refused; is the log running?").isEmpty)
        #expect(Self.internalNames(in: "key log.example+7ac53cc5+AUptJwOHR387R4hBMfgL5gpNtM0I2UQNxaHnJMH0cZbG").isEmpty)
    }

    @Test func failuresAreWordedForPeople() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("wording-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        // A log that is up, and a verifier key of another log: the checkpoint does not verify.
        let issuer = try ChildProcess.run(["keys", "generate", "--name", "issuer.example", "--out", root.path + "/issuer.key"])
        try Data(issuer.stdout.utf8).write(to: root.appendingPathComponent("issuers.txt"))
        let log = try await ChildProcess.start(
            ["serve", "--data", root.path + "/data", "--listen", "127.0.0.1:0", "--origin", "log.example/wording",
             "--issuers", root.path + "/issuers.txt"])
        defer { log.killNow() }
        let url = log.readyLines[0]
        let other = try ChildProcess.run(["keys", "generate", "--name", "log.example/wording", "--out", root.path + "/other.key"])
        let otherKey = other.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try Data("{\"data\": 1}".utf8).write(to: root.appendingPathComponent("config.json"))

        let failing: [[String]] = [
            ["checkpoint", "--log", url, "--vkey", otherKey],
            ["prove", "--log", url, "--index", "0", "--vkey", otherKey],
            ["monitor", "--log", url, "--vkey", otherKey, "--once", "--state", root.path + "/monitor.state"],
            ["checkpoint", "--log", "http://127.0.0.1:\(try TestPort.closed())", "--vkey", otherKey],
            ["serve", "--config", root.path + "/config.json"],
            ["issue", "--key", root.path + "/issuer.key", "--subject", "s", "--model-dir", root.path + "/no-model",
             "--model-id", "m", "--model-version", "1", "--request", "/dev/null", "--response", "/dev/null",
             "--out", root.path + "/out.cose"],
            ["issue", "--key", root.path + "/missing.key", "--subject", "s", "--model-dir", root.path, "--model-id", "m",
             "--model-version", "1", "--request", "/dev/null", "--response", "/dev/null", "--out", root.path + "/o.cose"],
        ]
        for command in failing {
            let output = try await ChildProcess.runOnThread(command)
            #expect(output.status != 0, "\(command)")
            #expect(output.stderr.hasPrefix("Error: "), "\(command): \(output.stderr)")
            #expect(Self.internalNames(in: output.stderr).isEmpty, "\(command): \(output.stderr)")
        }
    }
}
