// add-checkpoint through the engine: parse, verify the log signature, check the consistency
// proof, cosign, and one synced RocksDB write per request, as `Witness.addCheckpoint(body:)` does
// for the HTTP layer.
import BenchSupport
import Foundation
import Notes
import WitnessEngine

enum EngineBenchmark {
    /// A fresh witness over a new temporary directory trusting `logs`, with the first body of
    /// each sequence (from size 0) already accepted.
    static func freshWitness(_ logs: [BenchLog], firsts: [[UInt8]], in directory: String) throws -> Witness {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let list = try LogList(parsing: Array(logs.map(\.logListLine).joined(separator: "\n").utf8))
        let key = try SignerKey.generate(name: "bench.example/witness", type: .cosignatureV1)
        let witness = try Witness(key: key, logs: list, statePath: directory + "/state")
        for first in firsts { _ = try witness.addCheckpoint(body: first) }
        return witness
    }

    /// Feeds one log's sequence to the engine on one thread, `runs` times on fresh state; returns
    /// the median rate (requests per wall second and per CPU-second of the thread).
    static func sequential(_ log: BenchLog, bodies: [[UInt8]], runs: Int, root: String) throws -> Rate {
        var wall: [Double] = []
        var cpu: [Double] = []
        for _ in 0..<runs {
            let directory = root + "witness-bench-" + UUID().uuidString
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let witness = try freshWitness([log], firsts: [bodies[0]], in: directory)
            let start = Instant.now()
            for body in bodies.dropFirst() { _ = try witness.addCheckpoint(body: body) }
            let end = Instant.now()
            let n = Double(bodies.count - 1)
            wall.append(n / (end.wall - start.wall))
            cpu.append(n / (end.cpu - start.cpu))
        }
        return Rate(perWallSecond: median(wall), perCPUSecond: median(cpu))
    }

    /// Feeds several logs' sequences at once, one thread per log, on fresh state; returns the
    /// median of the total requests per wall second.
    static func parallel(_ logs: [BenchLog], bodies: [[[UInt8]]], runs: Int, root: String) throws -> Double {
        var rates: [Double] = []
        for _ in 0..<runs {
            let directory = root + "witness-bench-" + UUID().uuidString
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let witness = try freshWitness(logs, firsts: bodies.map { $0[0] }, in: directory)
            let failures = FailureCount()
            let start = Instant.now()
            // One thread per log (concurrentPerform would use only one per core).
            let group = DispatchGroup()
            for i in logs.indices {
                group.enter()
                Thread {
                    for body in bodies[i].dropFirst() {
                        do { _ = try witness.addCheckpoint(body: body) } catch { failures.add() }
                    }
                    group.leave()
                }.start()
            }
            group.wait()
            let end = Instant.now()
            guard failures.count == 0 else { throw BenchFailure("\(failures.count) requests failed") }
            rates.append(Double(bodies.reduce(0) { $0 + $1.count - 1 }) / (end.wall - start.wall))
        }
        return median(rates)
    }
}

/// A thread-safe failure counter.
final class FailureCount: @unchecked Sendable {
    // @unchecked: `value` is only touched under `lock`.
    private let lock = NSLock()
    private var value = 0
    func add() { lock.withLock { value += 1 } }
    var count: Int { lock.withLock { value } }
}
