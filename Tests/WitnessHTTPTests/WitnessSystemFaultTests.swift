import Foundation
import HTTPTestSupport
import Notes
import Testing
import WitnessEngine
import WitnessTestSupport

/// Disk faults injected into the real `receiptlog witness serve` (Tests/FaultShim, loaded with
/// LD_PRELOAD): a write of the state (RocksDB, synced with fdatasync) or of the binding (synced
/// with fsync) that fails answers 500 with no cosignature; after the fault is gone the witness
/// restarts with a stored size at least every size it answered 200 for, its binding no newer than
/// its state, and goes on from there.
@Suite(.serialized) struct WitnessSystemFaultTests {
    @Test(arguments: ["fdatasync-eio", "fsync-eio"])
    func aFailedWriteCosignsNothingAndTheWitnessRestartsConsistent(_ fault: String) async throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let log = TestLog(origin: "log.example/faults", seed: 7, size: 30)
        let logs = directory.path + "/logs.txt"
        try Data((log.logListLine + "\n").utf8).write(to: URL(fileURLWithPath: logs))
        let data = directory.path + "/witness"
        let faults = directory.path + "/faults"
        try FileManager.default.createDirectory(atPath: faults, withIntermediateDirectories: true)
        let shim = ChildProcess.faultShim

        let server = try await WitnessCrashTests.launch(
            data: data, logs: logs, environment: ["LD_PRELOAD": shim, "RECEIPTLOG_FAULT_DIR": faults])
        defer { if server.process.isRunning { server.killHard() } }
        #expect(try await server.post(log.request(old: 0, new: 10).encoded).status == 200)
        _ = FileManager.default.createFile(atPath: faults + "/" + fault, contents: nil)
        let failed = try await server.post(log.request(old: 10, new: 20).encoded)
        #expect(failed.status == 500, "\(failed)")
        #expect(!failed.body.contains("—"), "a cosignature left with a failed write: \(failed.body)")
        server.killHard()
        try FileManager.default.removeItem(atPath: faults + "/" + fault)

        // Restarted without the shim: the stored size is the one answered 200, or the one whose
        // write failed after it reached the state (the binding catches up); never less.
        let restarted = try await WitnessCrashTests.launch(data: data, logs: logs)
        defer { restarted.killHard() }
        let stored = try await WitnessCrashTests.stored(restarted, log)
        #expect(stored.size == 10 || stored.size == 20, "stored \(stored.size)")
        let binding = try String(contentsOfFile: data + "/" + Witness.bindingFileName, encoding: .utf8)
        #expect(binding.contains(" \(stored.size) "), "\(binding)")
        #expect(try await restarted.post(log.request(old: stored.size, new: 30).encoded).status == 200)
    }
}
