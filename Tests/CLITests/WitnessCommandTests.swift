import Foundation
import Testing

/// `receiptlog witness serve` refuses bad configuration before it listens.
@Suite struct WitnessCommandTests {
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("witness-cli-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func refusesBadLogListsAndAddresses() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let logs = directory.appendingPathComponent("logs.txt")
        try Data("# a comment\nlog.example/a not-a-key\n".utf8).write(to: logs)
        let data = directory.appendingPathComponent("witness").path

        let badList = try ReceiptLogBinary.run(["witness", "serve", "--data", data, "--listen", "127.0.0.1:0", "--logs", logs.path])
        #expect(badList.status != 0)
        #expect(badList.stderr.contains("line 2"))

        let missing = try ReceiptLogBinary.run([
            "witness", "serve", "--data", data, "--listen", "127.0.0.1:0", "--logs", directory.appendingPathComponent("none").path,
        ])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("cannot read"))

        let key = try ReceiptLogBinary.run(["keys", "generate", "--name", "log.example/a", "--out", directory.appendingPathComponent("log.key").path])
        try Data("log.example/a \(key.stdout)".utf8).write(to: logs)
        let badAddress = try ReceiptLogBinary.run(["witness", "serve", "--data", data, "--listen", "127.0.0.1", "--logs", logs.path])
        #expect(badAddress.status != 0)
        #expect(badAddress.stderr.contains("HOST:PORT"))
        // Nothing was created for a refused start.
        #expect(!FileManager.default.fileExists(atPath: data))
    }
}
