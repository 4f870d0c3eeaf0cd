// The log engine's metrics (swift-metrics); the HTTP layer exports them as Prometheus text.
public import CoreMetrics

/// The metrics the sequencer records. Created from an explicit factory so that tests and
/// several logs in one process keep their figures apart.
public struct LogMetrics: Sendable {
    /// Seconds from a registration's arrival at the sequencer to its durable answer.
    let registrationLatency: CoreMetrics.Timer
    /// Entries sequenced per batch (duplicates not counted).
    let batchSize: Recorder
    /// Seconds each synced storage commit took.
    let commitDuration: CoreMetrics.Timer
    /// The size of the latest signed tree.
    let treeSize: Gauge
    /// Registrations answered with an index the log already held.
    let duplicates: Counter
    /// Registrations refused because the pending pool was full.
    let overloads: Counter
    /// 1 once the sequencer stopped on an alarm (a failed write, a witness that holds another
    /// history), 0 while it runs.
    let alarm: Gauge
    /// The factory, for the metrics created later (per witness).
    let factory: any MetricsFactory

    /// Creates the metrics with `factory`.
    public init(factory: any MetricsFactory) {
        self.factory = factory
        registrationLatency = CoreMetrics.Timer(label: "receiptlog_registration_seconds", factory: factory)
        batchSize = Recorder(label: "receiptlog_batch_entries", aggregate: true, factory: factory)
        commitDuration = CoreMetrics.Timer(label: "receiptlog_commit_seconds", factory: factory)
        treeSize = Gauge(label: "receiptlog_tree_size", factory: factory)
        duplicates = Counter(label: "receiptlog_duplicate_registrations_total", factory: factory)
        overloads = Counter(label: "receiptlog_overloaded_registrations_total", factory: factory)
        alarm = Gauge(label: "receiptlog_alarm", factory: factory)
    }
}
