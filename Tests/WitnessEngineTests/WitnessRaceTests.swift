import Dispatch
import Foundation
import Merkle
import Synchronization
import Testing
@testable import WitnessEngine
import WitnessTestSupport

/// Concurrent add-checkpoint requests with mixed old sizes never roll the stored size back
/// (c2sp.org/tlog-witness §add-checkpoint, the race of steps 1–6).
@Suite struct WitnessRaceTests {
    /// What the threads of the race saw.
    final class RaceRecord: Sendable {
        let successes = Mutex<[(old: UInt64, new: UInt64)]>([])
        let otherFailures = Mutex<[String]>([])
        let observed = Mutex<[UInt64]>([])
        let done = Atomic<Bool>(false)
    }

    @Test func concurrentRequestsOnlyEverGrowTheStoredSize() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let log = TestLog(size: 400)
        let witness = try WitnessTests.makeWitness(directory, logs: [log])
        let sizes: [UInt64] = [0] + (1...40).map { UInt64($0 * 10) }
        // Every pair old < new among the sizes, shuffled, each tried by several threads.
        var requests: [AddCheckpointRequest] = []
        for (i, old) in sizes.enumerated() {
            for new in sizes[(i + 1)...] where new - old <= 60 { requests.append(log.request(old: old, new: new)) }
        }
        let shuffled = (requests + requests + requests).shuffled()

        let record = RaceRecord()
        let sampler = Thread {
            // Watches the stored size while requests run.
            while !record.done.load(ordering: .acquiring) {
                let size = (try? witness.latestCheckpoint(origin: log.origin))??.treeSize ?? 0
                record.observed.withLock { $0.append(size) }
                usleep(50)
            }
        }
        sampler.start()
        DispatchQueue.concurrentPerform(iterations: shuffled.count) { i in
            let request = shuffled[i]
            do {
                _ = try witness.addCheckpoint(request)
                record.successes.withLock { $0.append((request.oldSize, request.checkpoint.treeSize)) }
            } catch let error as WitnessEngineError where error.code == .oldSizeMismatch {
                return
            } catch {
                record.otherFailures.withLock { $0.append("\(error)") }
            }
        }
        record.done.store(true, ordering: .releasing)
        while !sampler.isFinished { usleep(1000) }

        #expect(record.otherFailures.withLock { $0 }.isEmpty)
        let chain = record.successes.withLock { $0 }.sorted { $0.new < $1.new }
        #expect(chain.count >= 2)
        // Each success started exactly where the previous one ended: one chain from 0, so no
        // size was ever cosigned twice from the same old size, and none went back.
        var expectedOld: UInt64 = 0
        for step in chain {
            #expect(step.old == expectedOld)
            expectedOld = step.new
        }
        let final = try #require(try witness.latestCheckpoint(origin: log.origin))
        #expect(final.treeSize == chain.last?.new)
        // The sampled stored size never decreased.
        let samples = record.observed.withLock { $0 }
        #expect(zip(samples, samples.dropFirst()).allSatisfy { $0 <= $1 })
    }
}
