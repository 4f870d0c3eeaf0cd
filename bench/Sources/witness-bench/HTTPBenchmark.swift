// add-checkpoint over HTTP on loopback: the Hummingbird server of `receiptlog witness serve`
// (WitnessApplication) in this process, one blocking keep-alive client connection per log.
import BenchSupport
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOPosix
import Synchronization
import WitnessEngine
import WitnessHTTP

enum HTTPBenchmark {
    /// The port the server reported, once it listens.
    final class Port: Sendable {
        let value = Mutex<Int?>(nil)
    }

    /// Serves a fresh witness and sends each log's sequence on its own connection, all at once;
    /// returns total requests per wall second and per CPU-second of the whole process (server
    /// and clients), medians of `runs`.
    static func run(_ logs: [BenchLog], bodies: [[[UInt8]]], runs: Int, root: String) async throws -> Rate {
        var wall: [Double] = []
        var cpu: [Double] = []
        for _ in 0..<runs {
            let directory = root + "witness-bench-" + UUID().uuidString
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let witness = try EngineBenchmark.freshWitness(logs, firsts: bodies.map { $0[0] }, in: directory)
            var logger = Logger(label: "witness-bench")
            logger.logLevel = .error
            let port = Port()
            let threadPool = NIOThreadPool(numberOfThreads: 16)  // as `receiptlog witness serve`
            threadPool.start()
            let app = WitnessApplication.build(
                witness: witness, address: .hostname("127.0.0.1", port: 0), logger: logger, threadPool: threadPool,
                onServerRunning: { channel in port.value.withLock { $0 = channel.localAddress?.port } })
            let server = Task { try await app.runService(gracefulShutdownSignals: []) }
            var bound: Int?
            for _ in 0..<1000 where bound == nil {
                try await Task.sleep(for: .milliseconds(10))
                bound = port.value.withLock { $0 }
            }
            guard let bound else { throw BenchFailure("the server did not start") }
            let clients = try logs.indices.map { _ in try LoopbackClient(port: bound) }
            let failures = FailureCount()
            let startWall = Instant.now().wall
            let startCPU = processCPU()
            let group = DispatchGroup()
            for i in logs.indices {
                group.enter()
                Thread {
                    for body in bodies[i].dropFirst() {
                        let status = (try? clients[i].post("/add-checkpoint", body).status) ?? 0
                        if status != 200 { failures.add() }
                    }
                    group.leave()
                }.start()
            }
            group.wait()
            let endWall = Instant.now().wall
            let endCPU = processCPU()
            server.cancel()
            _ = try? await server.value
            try await threadPool.shutdownGracefully()
            guard failures.count == 0 else { throw BenchFailure("\(failures.count) requests did not get 200") }
            let n = Double(bodies.reduce(0) { $0 + $1.count - 1 })
            wall.append(n / (endWall - startWall))
            cpu.append(n / (endCPU - startCPU))
        }
        return Rate(perWallSecond: median(wall), perCPUSecond: median(cpu))
    }

    /// CPU seconds used by the whole process so far.
    static func processCPU() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}
