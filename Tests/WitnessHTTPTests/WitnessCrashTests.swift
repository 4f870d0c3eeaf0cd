import Foundation
import HTTPTestSupport
import Notes
import Synchronization
import Testing
import WitnessEngine
import WitnessTestSupport

/// Runs the real `receiptlog witness serve` and kills it with SIGKILL while requests are in
/// flight: every size it answered 200 for is still stored after a restart.
@Suite(.serialized) struct WitnessCrashTests {
    /// Starts the real witness on `data` with the log list `logs`, on a free loopback port.
    static func launch(data: String, logs: String, environment: [String: String] = [:]) async throws -> WitnessServerProcess {
        try await WitnessServerProcess.start(
            ["--data", data, "--listen", "127.0.0.1:0", "--logs", logs, "--name", "witness.example/crash"],
            environment: environment)
    }

    /// The largest size answered 200, and how many 200s, shared by the client tasks.
    final class Answered: Sendable {
        let value = Mutex<UInt64>(0)
        let count = Mutex<Int>(0)
    }

    /// The kills of a run: 5 in `tools/test`; `tools/soak` sets RECEIPTLOG_SOAK_WITNESS_KILLS (50).
    static let kills = ProcessInfo.processInfo.environment["RECEIPTLOG_SOAK_WITNESS_KILLS"].flatMap { Int($0) } ?? 5

    /// The stored checkpoint's size and its cosignature's timestamp (0, 0 before the first).
    static func stored(_ server: WitnessServerProcess, _ log: TestLog) async throws -> (size: UInt64, timestamp: UInt64) {
        let response = try await server.get("/checkpoint/" + Witness.originHash(log.origin))
        if response.status == 404 { return (0, 0) }
        let note = try Note(parsing: [UInt8](response.body))
        let cosignature = try #require(note.signatures.last.map { try Cosignature($0) })
        return (try Checkpoint(text: note.text).treeSize, cosignature.timestamp)
    }

    @Test func killDuringRequestsNeverLosesAReturnedCosignature() async throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let log = TestLog(origin: "log.example/crash", seed: 6, size: 200 + 40 * Self.kills)
        let logs = directory.path + "/logs.txt"
        try Data((log.logListLine + "\n").utf8).write(to: URL(fileURLWithPath: logs))
        let data = directory.path + "/witness"
        let answered = Answered()  // the largest size answered 200 in any round
        var verifierKey: String?
        var lastTimestamp: UInt64 = 0
        for round in 0..<Self.kills {
            let server = try await Self.launch(data: data, logs: logs)
            defer { if server.process.isRunning { server.killHard() } }
            if let verifierKey { #expect(server.verifierKey == verifierKey) }
            verifierKey = server.verifierKey
            // After each restart: nothing answered 200 is lost, and the stored cosignature is no
            // older than the one before the kill.
            let (start, timestamp) = try await Self.stored(server, log)
            #expect(start >= answered.value.withLock { $0 }, "round \(round)")
            #expect(timestamp >= lastTimestamp, "round \(round)")
            lastTimestamp = timestamp
            // Four clients send growing checkpoints at once, resyncing on 409; the server is
            // killed with SIGKILL while the others' requests are in flight.
            let killAt = start + UInt64.random(in: 5...25)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for client in 0..<4 {
                    group.addTask {
                        var old = start
                        for _ in 0..<60 {
                            let new = min(old + UInt64(1 + client), log.size)
                            guard let response = try? await server.post(log.request(old: old, new: new).encoded) else {
                                return  // the server is gone
                            }
                            switch response.status {
                            case 200:
                                answered.value.withLock { $0 = max($0, new) }
                                answered.count.withLock { $0 += 1 }
                                old = new
                            case 409: old = UInt64(response.body.dropLast()) ?? old
                            default: Issue.record("unexpected status \(response.status) in round \(round)")
                            }
                            if client == 0 && old >= killAt { server.killHard() }
                        }
                    }
                }
                try await group.waitForAll()
            }
            if server.process.isRunning { server.killHard() }
            // Every round had cosignatures answered before the kill.
            #expect(answered.value.withLock { $0 } > start)
        }
        // A last restart: the stored checkpoint is at least every size ever answered 200, and it
        // carries the same witness's cosignature.
        let server = try await Self.launch(data: data, logs: logs)
        defer { server.killHard() }
        let latest = try await server.get("/checkpoint/" + Witness.originHash(log.origin))
        #expect(latest.status == 200)
        let note = try Note(parsing: [UInt8](latest.body))
        let checkpoint = try Checkpoint(text: note.text)
        #expect(checkpoint.treeSize >= answered.value.withLock { $0 })
        #expect(answered.value.withLock { $0 } > 0)
        // A request from a stale old size answers 409 with that stored size.
        let probe = try await server.post(log.request(old: 0, new: checkpoint.treeSize).encoded)
        #expect(probe.status == 409)
        #expect(probe.body == "\(checkpoint.treeSize)\n")
        #expect(checkpoint == log.checkpoint(size: checkpoint.treeSize))
        #expect(try note.verify(with: [VerifierKey(parsing: try #require(verifierKey))]).count == 1)
        print(
            "witness crash test: \(Self.kills) SIGKILLs, \(answered.count.withLock { $0 }) cosignatures answered, "
                + "largest size answered \(answered.value.withLock { $0 }), stored after the last restart \(checkpoint.treeSize)")
    }
}
