import LogClient
import Synchronization

/// One load run: registers pre-signed statements with `concurrency` workers, closed loop (each
/// worker sends its next statement when its answer comes) or open loop (statement i is due at
/// start + i / rate).
struct LoadRun {
    /// What a run observed.
    struct Outcome {
        /// Answers by HTTP status.
        var answered: [Int: Int] = [:]
        /// Requests that got no HTTP answer.
        var transportErrors = 0
        /// The first transport error's message.
        var firstTransportError: String?
        /// Latencies of the 201 answers, in nanoseconds.
        var latencies: [Int64] = []
        /// From the first send to the last answer.
        var elapsed: Duration = .zero

        mutating func merge(_ other: Outcome) {
            answered.merge(other.answered, uniquingKeysWith: +)
            transportErrors += other.transportErrors
            firstTransportError = firstTransportError ?? other.firstTransportError
            latencies += other.latencies
        }
    }

    /// The next statement to send, shared by the workers.
    private final class Cursor: Sendable {
        let next = Atomic<Int>(0)
    }

    let client: LogClient
    let statements: [[UInt8]]
    let concurrency: Int
    let rate: Double?
    let duration: Double?

    /// Sends every statement (or until `duration` runs out) and returns what was observed.
    func run() async -> Outcome {
        let cursor = Cursor()
        let start = ContinuousClock.now
        let stop = duration.map { start + .nanoseconds(Int64($0 * 1e9)) }
        var total = await withTaskGroup(of: Outcome.self) { group in
            for _ in 0..<concurrency {
                group.addTask { [client, statements, rate] in
                    var outcome = Outcome()
                    while true {
                        let i = cursor.next.wrappingAdd(1, ordering: .relaxed).oldValue
                        guard i < statements.count else { break }
                        var sent = ContinuousClock.now
                        if let rate {
                            let due = start + .nanoseconds(Int64(Double(i) / rate * 1e9))
                            if let stop, due >= stop { break }
                            if due > sent { try? await Task.sleep(until: due, clock: .continuous) }
                            sent = due
                        } else if let stop, sent >= stop {
                            break
                        }
                        do {
                            let answer = try await client.send(
                                .POST, "/entries", body: statements[i], headers: [("Content-Type", "application/cose")])
                            outcome.answered[answer.status, default: 0] += 1
                            if answer.status == 201 { outcome.latencies.append((ContinuousClock.now - sent).nanoseconds) }
                        } catch {
                            outcome.transportErrors += 1
                            if outcome.firstTransportError == nil { outcome.firstTransportError = "\(error)" }
                        }
                    }
                    return outcome
                }
            }
            return await group.reduce(into: Outcome()) { $0.merge($1) }
        }
        total.elapsed = ContinuousClock.now - start
        return total
    }
}
