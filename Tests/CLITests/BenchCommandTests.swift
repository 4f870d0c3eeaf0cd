import Foundation
import HTTPTestSupport
import LogClient
import Testing

@Suite struct BenchCommandTests {
    @Test func fillThenServeThenLoad() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let data = dir + "/data", origin = "example.com/bench-test"

        let fill = try await ChildProcess.runOnThread([
            "bench", "fill", "--data", data, "--origin", origin, "--count", "600", "--entry-bytes", "40",
            "--batch-max-count", "100",
        ])
        #expect(fill.status == 0, "\(fill.stderr)")
        #expect(fill.stdout.contains("appended 600 entries"))
        #expect(fill.stdout.contains("tree size 600"))

        let keys = try await ChildProcess.runOnThread(["keys", "generate", "--name", "issuer.example", "--out", dir + "/issuer.key"])
        #expect(keys.status == 0, "\(keys.stderr)")
        try Data(keys.stdout.utf8).write(to: URL(fileURLWithPath: dir + "/issuers"))

        let server = try await ChildProcess.start([
            "serve", "--listen", "127.0.0.1:0", "--data", data, "--origin", origin, "--issuers", dir + "/issuers",
        ])
        defer {
            server.send(SIGTERM)
            server.waitUntilExit()
        }
        let url = server.readyLines[0]
        let client = try LogClient(baseURL: url)
        // The filled entries are served: entry 599 is its big-endian index and then filler.
        let entry = try await client.entry(599)
        #expect(entry.count == 40 && entry.prefix(8) == [0, 0, 0, 0, 0, 0, 0x02, 0x57])

        let load = try await ChildProcess.runOnThread([
            "bench", "load", "--log", url, "--issuer-key", dir + "/issuer.key", "--count", "200",
            "--concurrency", "8", "--payload-bytes", "100", "--verify-seconds", "0.2",
        ])
        #expect(load.status == 0, "\(load.stderr)")
        #expect(load.stdout.contains("200 sent, 200 answered 201 Created"))
        #expect(load.stdout.contains("errors       none"))
        #expect(load.stdout.contains("latency      p50 "))
        #expect(load.stdout.contains("verifications/s on"))
        #expect(load.stdout.contains("registrations per verification"))
        let checkpoint = String(decoding: try await client.checkpoint(), as: UTF8.self)
        #expect(checkpoint.split(separator: "\n").dropFirst().first == "800")

        // Open loop for a fixed time: at 200/s for 0.25 s, about 50 of the 1,000 statements go.
        let paced = try await ChildProcess.runOnThread([
            "bench", "load", "--log", url, "--issuer-key", dir + "/issuer.key", "--count", "1000",
            "--concurrency", "4", "--rate", "200", "--duration", "0.25", "--verify-seconds", "0.2",
        ])
        #expect(paced.status == 0, "\(paced.stderr)")
        #expect(paced.stdout.contains("paced at 200/s"))
        let sent = paced.stdout.split(separator: "\n").first { $0.hasPrefix("requests") }
            .flatMap { $0.split(separator: " ").dropFirst().first }.flatMap { Int($0) }
        #expect(sent.map { (40...60).contains($0) } == true, "\(paced.stdout)")
    }

    @Test func loadRefusesBadOptionsAndAMissingKey() throws {
        let noKey = try ChildProcess.run(["bench", "load", "--log", "http://127.0.0.1:1", "--issuer-key", "/nonexistent/key"])
        #expect(noKey.status != 0)
        #expect(noKey.stderr.contains("/nonexistent/key"))
        let zero = try ChildProcess.run(["bench", "load", "--log", "http://127.0.0.1:1", "--issuer-key", "k", "--count", "0"])
        #expect(zero.status != 0)
        #expect(zero.stderr.contains("--count must be positive"))
    }
}
