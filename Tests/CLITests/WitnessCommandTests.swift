import Foundation
import HTTPTestSupport
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

        let badList = try ChildProcess.run(["witness", "serve", "--data", data, "--listen", "127.0.0.1:0", "--logs", logs.path])
        #expect(badList.status != 0)
        #expect(badList.stderr.contains("line 2"))

        let missing = try ChildProcess.run([
            "witness", "serve", "--data", data, "--listen", "127.0.0.1:0", "--logs", directory.appendingPathComponent("none").path,
        ])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("cannot read"))

        let key = try ChildProcess.run(["keys", "generate", "--name", "log.example/a", "--out", directory.appendingPathComponent("log.key").path])
        try Data("log.example/a \(key.stdout)".utf8).write(to: logs)
        let badAddress = try ChildProcess.run(["witness", "serve", "--data", data, "--listen", "127.0.0.1", "--logs", logs.path])
        #expect(badAddress.status != 0)
        #expect(badAddress.stderr.contains("HOST:PORT"))
        // Nothing was created for a refused start.
        #expect(!FileManager.default.fileExists(atPath: data))
    }
}

/// `receiptlog witness serve` as a running process: its key across restarts, and SIGTERM.
@Suite struct WitnessServeProcessTests {
    static func logList(in directory: URL) throws -> String {
        let logs = directory.appendingPathComponent("logs.txt")
        let key = try ChildProcess.run(["keys", "generate", "--name", "log.example/a", "--out", directory.appendingPathComponent("log.key").path])
        try Data("log.example/a \(key.stdout)".utf8).write(to: logs)
        return logs.path
    }

    /// A key created with `--name` is used again when the witness restarts without `--name`.
    @Test func restartsWithoutNameKeepTheExistingKey() async throws {
        let directory = try WitnessCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let logs = try Self.logList(in: directory)
        let data = directory.appendingPathComponent("witness").path
        let arguments = ["--data", data, "--listen", "127.0.0.1:0", "--logs", logs]

        let first = try await WitnessServerProcess.start(arguments + ["--name", "other.example/w"])
        #expect(first.verifierKey.hasPrefix("other.example/w+"))
        #expect(await first.terminate(within: .seconds(30))?.status == 0)

        let second = try await WitnessServerProcess.start(arguments)
        #expect(second.verifierKey == first.verifierKey)
        #expect(await second.terminate(within: .seconds(30))?.status == 0)

        // A name that is not the key's is still refused.
        let wrong = try ChildProcess.run(["witness", "serve"] + arguments + ["--name", "third.example/w"])
        #expect(wrong.status != 0)
        #expect(wrong.stderr.contains("other.example/w"))
    }

    /// 200 clients that sent half a request do not hold SIGTERM past the shutdown timeout.
    @Test func sigtermStopsDespiteHalfSentRequests() async throws {
        let directory = try WitnessCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let logs = try Self.logList(in: directory)
        let server = try await WitnessServerProcess.start([
            "--data", directory.appendingPathComponent("witness").path, "--listen", "127.0.0.1:0", "--logs", logs,
            "--name", "witness.example/sigterm", "--shutdown-timeout", "0.5", "--max-connections", "300",
        ])
        var connections: [RawConnection] = []
        for i in 0..<200 {
            let connection = try await RawConnection.open(port: server.port)
            try await connection.send(
                i % 2 == 0
                    ? "POST /add-checkpoint HTTP/1.1\r\nHost: w\r\nContent-Length: 900\r\n\r\nold 0\n"
                    : "POST /add-checkpoint HTTP/1.1\r\nHost: w\r\nContent-Len")
            connections.append(connection)
        }
        let stopped = await server.terminate(within: .seconds(30))
        #expect(stopped?.status == 0)
        #expect(stopped.map { $0.took < .seconds(15) } == true)
        for connection in connections { await connection.close() }
    }

    @Test func refusesLimitsOutOfRange() throws {
        let directory = try WitnessCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let logs = try Self.logList(in: directory)
        let data = directory.appendingPathComponent("witness").path
        for (flag, value) in [("--max-connections", "0"), ("--body-timeout", "0"), ("--idle-timeout", "nan")] {
            let result = try ChildProcess.run(["witness", "serve", "--data", data, "--listen", "127.0.0.1:0", "--logs", logs, flag, value])
            #expect(result.status != 0)
            #expect(result.stderr.contains(flag))
        }
        #expect(!FileManager.default.fileExists(atPath: data))
    }
}
