import Foundation
import LogClient
import Notes
import Testing

/// SIGTERM stops `receiptlog serve` gracefully: exit status 0, every time. The store may still be
/// open on another thread when the server has stopped; exiting then aborted the process in
/// RocksDB's static destructors, so this runs several rounds with requests before each stop.
@Suite struct GracefulStopTests {
    static let rounds = 12

    @Test(.timeLimit(.minutes(3)))
    func sigtermExitsZeroAfterRequests() async throws {
        let log = try TestLogDirectory(origin: "example.com/stop-test")
        defer { log.remove() }
        for round in 0..<Self.rounds {
            let (server, _) = try await log.start()
            defer { server.killNow() }
            let client = try LogClient(baseURL: server.baseURL)
            let answer = try await client.submit(try log.statement("round \(round)").body)
            #expect(answer.index == UInt64(round))
            let checkpoint = try CheckpointVerifier(key: VerifierKey(parsing: server.verifierKey))
                .verify(String(decoding: try await client.checkpoint(), as: UTF8.self))
            #expect(checkpoint.treeSize == UInt64(round + 1))
            let stopped = try await server.stop(signal: SIGTERM)
            #expect(
                !stopped.bySignal && stopped.status == 0,
                "round \(round): status \(stopped.status)\(stopped.bySignal ? " (signal)" : ""): \(server.standardError.prefix(300))")
        }
    }
}
