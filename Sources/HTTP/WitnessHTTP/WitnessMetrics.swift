// The witness's own metrics (swift-metrics); `GET /metrics` exports them as Prometheus text.
public import CoreMetrics

/// What the witness records besides the request counts.
public struct WitnessMetrics: Sendable {
    /// Seconds from the start of an `add-checkpoint` request to its answer, every status
    /// included: reading the body, the checks, the synced write and cosigning.
    let addCheckpointLatency: CoreMetrics.Timer

    /// Creates the metrics with `factory`.
    public init(factory: any MetricsFactory) {
        addCheckpointLatency = CoreMetrics.Timer(label: "receiptlog_witness_add_checkpoint_seconds", factory: factory)
    }

    /// Records one `add-checkpoint` request that took `duration`.
    func recordAddCheckpoint(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        addCheckpointLatency.recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
