// quorum-bench: the time from a new signed checkpoint to a quorum-cosigned (published) checkpoint
// of at least its size (issue 5, "Performance"). One log on RocksDB (every commit synced) and three
// witnesses on RocksDB, all in this process, the log talking to the witnesses over loopback HTTP
// (HTTPWitnessTransport), a 2-of-3 policy at the default interval. Statements are registered at a
// steady rate; a watcher samples the log every millisecond and, for each new signed checkpoint,
// records when it appeared and when a published checkpoint of at least its size appeared.
//
//     quorum-bench [--seconds N] [--rate PER_SECOND]
import BenchSupport
import CryptoPrimitives
import Foundation
import LogEngine
import LogHTTP
import LogStorage
import Logging
import Metrics
import Notes
import Statements
import Synchronization
import WitnessEngine
import WitnessHTTP

/// Signed checkpoints by size: when each first appeared, and the latencies of those a published
/// checkpoint covered.
struct Observations {
    var appeared: [UInt64: ContinuousClock.Instant] = [:]
    var latencies: [Double] = []
}

/// What the watcher thread and the benchmark share.
final class Watch: Sendable {
    let observations = Mutex(Observations())
    let running = Atomic<Bool>(true)
}

/// The size of the log's published checkpoint, if it has one.
func publishedSize(_ service: LogService) -> UInt64? {
    guard let bytes = try? service.publishedCheckpoint(), let note = try? Note(parsing: bytes) else { return nil }
    return (try? Checkpoint(text: note.text))?.treeSize
}

func benchmark() async throws {
    let arguments = CommandLine.arguments
    func option(_ name: String, _ fallback: Double) -> Double {
        guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count, let v = Double(arguments[i + 1]) else { return fallback }
        return v
    }
    let seconds = option("--seconds", 60)
    let rate = option("--rate", 100)

    let quiet = Logger(label: "quorum-bench", factory: { _ in SwiftLogNoOpLogHandler() })
    let dir = NSTemporaryDirectory() + "quorum-bench-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }

    // Three witnesses, each on its own RocksDB state, served over loopback.
    let key = try SignerKey.generate(name: "bench.example/quorum-log", type: .ed25519)
    let logs = try LogList(keys: [key.name: [key.verifierKey]])
    var witnessLines = [String]()
    var witnessTasks = [Task<Void, any Error>]()
    for i in 0..<3 {
        let witness = try Witness.open(directory: "\(dir)/w\(i)", logs: logs, name: "w\(i).bench.example").witness
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = WitnessApplication.build(
            witness: witness, address: .hostname("127.0.0.1", port: 0), logger: quiet,
            onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) })
        witnessTasks.append(Task { try await app.run() })
        var port = 0
        for await p in stream {
            port = p
            break
        }
        witnessLines.append("witness w\(i) \(witness.key.verifierKey.encoded) http://127.0.0.1:\(port)")
    }
    // The default interval (1 s): the policy file sets only the witnesses and the quorum.
    let policy = try WitnessingPolicy(file: Array((witnessLines.joined(separator: "\n") + "\nquorum 2\n").utf8))

    let issuer = Ed25519PrivateKey()
    let service = try LogService(
        storage: try RocksLogStorage(directory: dir + "/db"), record: FileSignedHeadRecord(path: dir + "/log.head"),
        newLog: true, signer: LogSigner(key: key, origin: key.name),
        policy: RegistrationPolicy(issuers: IssuerList(keys: [IssuerKey(name: "issuer.example", publicKey: issuer.publicKey)])),
        configuration: LogConfiguration(origin: key.name), metrics: LogMetrics(factory: NOOPMetricsHandler.instance),
        logger: quiet, witnessing: (policy, HTTPWitnessTransport()))
    let witnessing = Task { await service.runWitnessing() }

    let watch = Watch()

    let watcher = Thread {
        var lastSigned: UInt64 = 0
        while watch.running.load(ordering: .relaxed) {
            let now = ContinuousClock.now
            let signed = service.treeHead.treeSize
            let published = publishedSize(service) ?? 0
            watch.observations.withLock { o in
                if signed > lastSigned && signed > 0 {
                    o.appeared[signed] = now
                    lastSigned = signed
                }
                for (size, at) in o.appeared where size <= published {
                    o.latencies.append(Double((now - at).nanoseconds) / 1e9)
                    o.appeared[size] = nil
                }
            }
            usleep(1000)
        }
    }
    watcher.start()

    // Steady registrations: one statement every 1/rate seconds, each awaited concurrently.
    print("registering \(Int(rate)) statements/s for \(Int(seconds)) s; log and 3 witnesses on RocksDB, quorum 2 of 3, interval 1 s")
    let start = ContinuousClock.now
    let period = Duration.nanoseconds(Int64(1e9 / rate))
    try await withThrowingTaskGroup(of: Void.self) { group in
        var n = 0
        while ContinuousClock.now - start < .seconds(seconds) {
            let statement = try SignedStatement.sign(
                issuer: "issuer.example", subject: "bench/\(n)", contentType: nil, payload: Array("statement \(n)".utf8), key: issuer)
            group.addTask { _ = try await service.register(statement.message.encoded(tagged: true)) }
            n += 1
            try await Task.sleep(until: start + period * n, clock: .continuous)
        }
        try await group.waitForAll()
    }
    // Let the last checkpoints reach the quorum, then stop.
    try await Task.sleep(for: .seconds(3))
    watch.running.store(false, ordering: .relaxed)
    let (latencies, unpublished) = watch.observations.withLock { ($0.latencies.sorted(), $0.appeared.count) }
    witnessing.cancel()
    _ = await witnessing.value
    await service.shutdown()
    for t in witnessTasks { t.cancel(); _ = await t.result }

    func quantile(_ q: Double) -> Double {
        latencies[max(0, min(latencies.count - 1, Int((q * Double(latencies.count)).rounded(.up)) - 1))]
    }
    guard !latencies.isEmpty else { fatalError("no checkpoint reached the quorum") }
    print("signed checkpoints observed: \(latencies.count + unpublished), published within the run: \(latencies.count)")
    print("new checkpoint -> quorum-cosigned checkpoint of at least its size (seconds):")
    print("  p50 \(String(format: "%.3f", quantile(0.5)))  p90 \(String(format: "%.3f", quantile(0.9)))  p99 \(String(format: "%.3f", quantile(0.99)))  max \(String(format: "%.3f", latencies.last!))")
    print("target p99 <= 1.5 s: \(quantile(0.99) <= 1.5 ? "met" : "NOT met")")
}

try await benchmark()
