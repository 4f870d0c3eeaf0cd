import Foundation
import HTTPTestSupport
import LogClient
import Synchronization
import Testing

/// Disk and clock faults injected into the real `receiptlog serve` (Tests/FaultShim, loaded with
/// LD_PRELOAD and switched by control files): a failed fsync or a full disk stops the log
/// (alarm, 503) without acknowledging anything it did not make durable, and after the fault is
/// gone it restarts consistent with everything it acknowledged. A clock stepped back an hour
/// changes nothing.
/// The fault shim, built beside the tests.
private let faultShim = ChildProcess.faultShim

/// A `receiptlog serve` with the fault shim loaded, and its control directory.
private struct Run {
    let log: TestLogDirectory
    let faults: String
    let server: LogServerProcess
    let client: LogClient

    static func start(_ label: String) async throws -> Run {
        let log = try TestLogDirectory(origin: "example.com/\(label)")
        let faults = log.directory.path + "/faults"
        try FileManager.default.createDirectory(atPath: faults, withIntermediateDirectories: true)
        let server = try await LogServerProcess.start(
            data: log.dataDirectory, origin: log.origin, issuers: log.issuersFile,
            environment: ["LD_PRELOAD": faultShim, "RECEIPTLOG_FAULT_DIR": faults])
        return Run(log: log, faults: faults, server: server, client: try LogClient(baseURL: server.baseURL))
    }

    func fault(_ name: String, on: Bool) throws {
        let path = faults + "/" + name
        if on {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
        } else {
            try FileManager.default.removeItem(atPath: path)
        }
    }

    /// POSTs the statement about `subject`; returns its index when the log acknowledged it, nil
    /// when it answered anything else or the connection broke (a process that stopped).
    func register(_ subject: String) async throws -> UInt64? {
        let body = try log.statement(subject).body
        do {
            return try await client.submit(body).index
        } catch {
            guard error.code == .status || error.code == .transport else { throw error }
            return nil
        }
    }

    /// Stops the faulted server, restarts it without the shim, and checks that every
    /// acknowledged statement is at its index; returns the restarted server.
    func restartAndCheck(_ acknowledged: [String: UInt64]) async throws -> LogServerProcess {
        server.killNow()
        _ = try? await server.stop(signal: SIGKILL)
        let (restarted, _) = try await log.start()
        let client = try LogClient(baseURL: restarted.baseURL)
        for (subject, index) in acknowledged {
            #expect(try await client.entry(index) == (try log.statement(subject).leaf), "\(subject) at \(index)")
        }
        // And it takes registrations again.
        let answer = try await client.send(
            .POST, "/entries", body: try log.statement("after the fault").body, headers: [("Content-Type", "application/cose")])
        #expect(answer.status == 201, "\(answer.text)")
        return restarted
    }
}



/// What the workers of a load share.
private final class LoadState: Sendable {
    let acknowledged = Mutex<[String: UInt64]>([:])
    let full = Atomic<Bool>(false)
}

@Suite(.serialized) struct SystemFaultTests {
    /// The log has stopped: it answers /healthz with 503 (its alarm), or the process has ended
    /// (RocksDB as Debian builds it aborts on a write error: fail stop all the same).
    private func expectStopped(_ run: Run) async throws {
        guard run.server.process.isRunning else { return }
        do {
            let health = try await run.client.send(.GET, "/healthz")
            #expect(health.status == 503, "\(health.text)")
        } catch {
            #expect(!run.server.process.isRunning, "\(error)")
        }
    }

    /// A sync that fails once stops the log: nothing is acknowledged from then on, even after
    /// the disk recovers (a failed fsync is never retried into success). Failing fdatasync alone
    /// hits the store's commit (RocksDB syncs its log with it): if the commit path did not sync,
    /// registrations would still be acknowledged here.
    @Test(.timeLimit(.minutes(3)), arguments: ["fdatasync-eio", "sync-eio"])
    func aFailedSyncStopsTheLogAndNothingUnsyncedIsAcknowledged(_ fault: String) async throws {
        let run = try await Run.start("sync-fault")
        defer { run.server.killNow(); run.log.remove() }
        var acknowledged: [String: UInt64] = [:]
        for i in 0..<20 {
            let subject = "before-\(i)"
            let index: UInt64 = try #require(try await run.register(subject))
            acknowledged[subject] = index
        }
        try run.fault(fault, on: true)
        for i in 0..<5 {
            #expect(try await run.register("during-\(i)") == nil, "acknowledged while \(fault)")
        }
        try await expectStopped(run)
        try run.fault(fault, on: false)
        #expect(try await run.register("after-the-disk-recovered") == nil, "the log went on after a failed sync")
        let restarted = try await run.restartAndCheck(acknowledged)
        #expect(try await restarted.stop(signal: SIGTERM).status == 0)
    }

    /// The disk fills up during a concurrent load: every acknowledged statement survives, and
    /// nothing is acknowledged once writes fail.
    @Test(.timeLimit(.minutes(3)))
    func aDiskThatFillsDuringLoad() async throws {
        let run = try await Run.start("disk-full")
        defer { run.server.killNow(); run.log.remove() }
        let load = LoadState()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<4 {
                group.addTask {
                    for i in 0..<400 {
                        let subject = "w\(worker)-\(i)"
                        let wasFull = load.full.load(ordering: .acquiring)
                        if let index = try await run.register(subject) {
                            #expect(!wasFull, "acknowledged \(subject) after the disk was full")
                            load.acknowledged.withLock { $0[subject] = index }
                        } else if load.full.load(ordering: .acquiring) {
                            return  // refused, or the process stopped: this worker is done
                        }
                    }
                }
            }
            group.addTask {
                while load.acknowledged.withLock({ $0.count }) < 100 {
                    try await Task.sleep(for: .milliseconds(5))
                }
                try run.fault("write-enospc", on: true)
                load.full.store(true, ordering: .releasing)
            }
            try await group.waitForAll()
        }
        let becameFull = load.full.load(ordering: .relaxed)
        #expect(becameFull)
        try await expectStopped(run)
        try run.fault("write-enospc", on: false)
        let restarted = try await run.restartAndCheck(load.acknowledged.withLock { $0 })
        #expect(try await restarted.stop(signal: SIGTERM).status == 0)
    }

    /// The wall clock stepped back, or on, an hour in the middle of a load: registration goes
    /// on, each registration answered within its batch's age (the batch deadlines run on the
    /// monotonic clock; a wait until a wall-clock deadline would last the hour).
    @Test(.timeLimit(.minutes(3)), arguments: ["clock-back", "clock-ahead"])
    func aClockSteppedAnHour(_ step: String) async throws {
        let run = try await Run.start(step)
        defer { run.server.killNow(); run.log.remove() }
        var acknowledged: [String: UInt64] = [:]
        for phase in ["before", "after"] {
            if phase == "after" { try run.fault(step, on: true) }
            for i in 0..<50 {
                let index: UInt64 = try #require(try await run.register("\(phase)-\(i)"))
                acknowledged["\(phase)-\(i)"] = index
            }
        }
        let health = try await run.client.send(.GET, "/healthz")
        #expect(health.status == 200)
        #expect(acknowledged.values.max() == 99)
        let restarted = try await run.restartAndCheck(acknowledged)
        #expect(try await restarted.stop(signal: SIGTERM).status == 0)
    }
}
