// The witnessing metrics: latency and errors per witness, age of the published checkpoint.
import CoreMetrics
import Synchronization

/// Metrics of the witnessing rounds, created from an explicit factory.
final class WitnessMetrics: Sendable {
    private let factory: any MetricsFactory
    /// Seconds since the log signed the tree head of the newest published (quorum) checkpoint.
    let age: Gauge
    private let timers = Mutex<[String: CoreMetrics.Timer]>([:])
    private let errors = Mutex<[String: Counter]>([:])

    init(factory: any MetricsFactory) {
        self.factory = factory
        age = Gauge(label: "receiptlog_cosigned_checkpoint_age_seconds", factory: factory)
    }

    /// The latency timer of one witness (`receiptlog_witness_seconds{witness}`).
    func latency(witness: String) -> CoreMetrics.Timer {
        timers.withLock { timers in
            if let t = timers[witness] { return t }
            let t = CoreMetrics.Timer(label: "receiptlog_witness_seconds", dimensions: [("witness", witness)], factory: factory)
            timers[witness] = t
            return t
        }
    }

    /// Counts one failed exchange (`receiptlog_witness_errors_total{witness,status}`): an HTTP
    /// status, `unreachable` or `bad-cosignature`.
    func error(witness: String, status: String) {
        let key = "\(witness) \(status)"
        let counter = errors.withLock { errors in
            if let c = errors[key] { return c }
            let c = Counter(
                label: "receiptlog_witness_errors_total", dimensions: [("witness", witness), ("status", status)],
                factory: factory)
            errors[key] = c
            return c
        }
        counter.increment()
    }
}
