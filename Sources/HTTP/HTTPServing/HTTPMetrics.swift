// Request metrics: requests by route and status.
public import CoreMetrics
import Synchronization

/// Counts requests by route pattern and status, as `receiptlog_http_requests_total{route,status}`,
/// for `/metrics`.
public final class HTTPMetrics: Sendable {
    private let factory: any MetricsFactory
    private let counters = Mutex<[String: Counter]>([:])

    /// Creates the metrics with `factory`.
    public init(factory: any MetricsFactory) {
        self.factory = factory
    }

    /// Counts one request to `route` answered with `status`.
    public func count(route: String, status: Int) {
        let key = "\(route) \(status)"
        let counter = counters.withLock { counters in
            if let c = counters[key] { return c }
            let c = Counter(
                label: "receiptlog_http_requests_total", dimensions: [("route", route), ("status", "\(status)")],
                factory: factory)
            counters[key] = c
            return c
        }
        counter.increment()
    }
}
