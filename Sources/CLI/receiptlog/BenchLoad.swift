import ArgumentParser
import AsyncHTTPClient
import Foundation
import LogClient
import CryptoPrimitives
import Notes
import Statements
import Synchronization

/// `receiptlog bench load`: registers pre-signed unique statements with a log and reports
/// throughput and latency, beside the machine's Ed25519 verification rate (bench/README.md,
/// "Log server").
struct BenchLoad: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Register unique statements with a log at full speed or at a fixed rate and report throughput and latency.",
        discussion: """
            The statements are signed first, on all cores, and that is not timed. Then C requests \
            at a time are sent over HTTP/1.1 keep-alive connections (one pool of at least C \
            connections); a request's latency runs from its send (with --rate: from its scheduled \
            send time, so a generator that falls behind shows as latency) to the log's durable \
            201 answer. Afterwards the machine's Ed25519 verifications per second on all cores are \
            measured for --verify-seconds (2 s by default), and throughput / verify rate is printed.
            """)

    @Option(help: "The log's base URL.")
    var log: String

    @Option(help: "The issuer's private key file (receiptlog keys generate); the log must list its verifier key.")
    var issuerKey: String

    @Option(help: "How many unique statements to sign and register.")
    var count: Int = 10_000

    @Option(help: "How many requests are in flight at once.")
    var concurrency: Int = 64

    @Option(help: "Stop sending after this many seconds, even if statements are left.")
    var duration: Double?

    @Option(help: "Open loop: send at this many requests per second instead of as fast as answers come.")
    var rate: Double?

    @Option(help: "The payload size of each statement in bytes.")
    var payloadBytes: Int = 256

    @Option(help: "How long to measure the Ed25519 verification rate, in seconds.")
    var verifySeconds: Double = 2

    func validate() throws {
        guard count > 0 else { throw ValidationError("--count must be positive") }
        guard (1...100_000).contains(concurrency) else { throw ValidationError("--concurrency must be between 1 and 100000") }
        if let duration, !(duration > 0) { throw ValidationError("--duration must be positive") }
        if let rate, !(rate > 0) { throw ValidationError("--rate must be positive") }
        guard verifySeconds > 0, verifySeconds <= 60 else { throw ValidationError("--verify-seconds must be between 0 and 60") }
        guard (0...60_000).contains(payloadBytes) else { throw ValidationError("--payload-bytes must be between 0 and 60000") }
    }

    func run() async throws {
        let signer: SignerKey
        do {
            signer = try KeyFile.read(from: issuerKey)
        } catch {
            throw CommandFailure("\(error)")
        }
        guard signer.type == .ed25519 else {
            throw CommandFailure("\(issuerKey) is a \(signer.type) key; statements need an Ed25519 (type 0x01) key")
        }

        let signStart = ContinuousClock.now
        let statements = try await Self.sign(count: count, payloadBytes: payloadBytes, signer: signer)
        let meanBytes = statements.reduce(0) { $0 + $1.count } / statements.count
        print("statements   \(count) signed in \(format((ContinuousClock.now - signStart).seconds, 2)) s on all cores (not timed), \(meanBytes) bytes each on average")

        var configuration = HTTPClient.Configuration()
        configuration.httpVersion = .http1Only
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: concurrency)
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let outcome: LoadRun.Outcome
        do {
            let client = try LogClient(baseURL: log, http: http)
            outcome = await LoadRun(client: client, statements: statements, concurrency: concurrency, rate: rate,
                duration: duration).run()
        } catch {
            try? await http.shutdown()
            throw CommandFailure("\(error)")
        }
        try await http.shutdown()

        let sent = outcome.answered.values.reduce(0, +) + outcome.transportErrors
        let created = outcome.answered[201] ?? 0
        print("requests     \(sent) sent, \(created) answered 201 Created, concurrency \(concurrency)\(rate.map { ", paced at \(format($0, 0))/s" } ?? "")")
        let errors = outcome.answered.filter { $0.key != 201 }.sorted { $0.key < $1.key }.map { "\($0.value) × \($0.key)" }
            + (outcome.transportErrors > 0 ? ["\(outcome.transportErrors) × transport (\(outcome.firstTransportError ?? ""))"] : [])
        print("errors       \(errors.isEmpty ? "none" : errors.joined(separator: ", "))")
        let elapsed = outcome.elapsed.seconds
        let throughput = Double(created) / elapsed
        print("elapsed      \(format(elapsed, 3)) s")
        print("throughput   \(format(throughput, 0)) registrations/s")
        if let s = LatencySummary(outcome.latencies) {
            print("latency      p50 \(LatencySummary.milliseconds(s.p50))  p90 \(LatencySummary.milliseconds(s.p90))  p99 \(LatencySummary.milliseconds(s.p99))  max \(LatencySummary.milliseconds(s.max))  (201 answers only)")
        }
        let verify = await VerifyRate.measure(messageBytes: meanBytes, seconds: verifySeconds)
        print("ed25519      \(format(verify.rate, 0)) verifications/s on \(verify.cores) cores (swift-crypto)")
        print("ratio        \(format(throughput / verify.rate, 3)) registrations per verification")
        if created == 0 { throw CommandFailure("no registration succeeded") }
    }

    /// Signs `count` unique statements of `signer` (subjects carry a random run ID and the
    /// statement's number), splitting the work over all cores.
    static func sign(count: Int, payloadBytes: Int, signer: SignerKey) async throws -> [[UInt8]] {
        let run = SecureRandom.bytes(8).map { String($0, radix: 16) }.joined()
        let payload = (0..<payloadBytes).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let key = signer.privateKey
        let issuer = signer.name
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let per = (count + cores - 1) / cores
        return try await withThrowingTaskGroup(of: (Int, [[UInt8]]).self) { group in
            for first in stride(from: 0, to: count, by: per) {
                group.addTask {
                    var out: [[UInt8]] = []
                    out.reserveCapacity(per)
                    for i in first..<min(first + per, count) {
                        let statement = try SignedStatement.sign(
                            issuer: issuer, subject: "bench/\(run)/\(i)", contentType: .mediaType("application/octet-stream"),
                            payload: payload, key: key)
                        out.append(statement.message.encoded(tagged: true))
                    }
                    return (first, out)
                }
            }
            var parts = try await group.reduce(into: []) { $0.append($1) }
            parts.sort { $0.0 < $1.0 }
            return parts.flatMap(\.1)
        }
    }

    private func format(_ value: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", value)
    }
}
