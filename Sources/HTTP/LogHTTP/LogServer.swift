// The log's HTTP server: the routes, the sequencer's drain on shutdown, and the listener.
public import HTTPServing
public import Hummingbird
public import LogEngine
public import Logging
import NIOCore
public import Prometheus
import ServiceLifecycle

/// Builds the Hummingbird application of a log.
public enum LogServer {
    /// The application serving `service` on `host`:`port` (port 0 picks a free port), with
    /// `limits` on its connections (specs/http-api.md, "Limits").
    ///
    /// `onRunning` is called with the bound port once the server listens. Running the
    /// application (`runService()`) handles SIGTERM and SIGINT gracefully: the server stops
    /// accepting connections and finishes the requests in flight (closing connections still open
    /// after `limits.shutdownTimeout`), then the sequencer sequences every registration it
    /// accepted and stops.
    public static func application(
        service: LogService, registry: PrometheusCollectorRegistry, host: String, port: Int, logger: Logger,
        limits: ServerLimits = ServerLimits(), onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let metrics = HTTPMetrics(factory: PrometheusMetricsFactory(registry: registry))
        let router = LogRoutes.router(service: service, registry: registry, metrics: metrics)
        return Application(
            router: router,
            server: .http1(limits: limits, render: ErrorFormat.serverRefusal),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "receiptlog"),
            services: service.isWitnessed ? [SequencerDrain(service: service), WitnessRounds(service: service)] : [SequencerDrain(service: service)],
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }
}

/// Drains the sequencer after the HTTP server has shut down.
struct SequencerDrain: Service {
    let service: LogService

    func run() async throws {
        // Wait for graceful shutdown (or cancellation), then drain.
        try? await gracefulShutdown()
        await service.shutdown()
    }
}

/// Runs the witnessing rounds until graceful shutdown.
struct WitnessRounds: Service {
    let service: LogService

    func run() async throws {
        await cancelWhenGracefulShutdown { await service.runWitnessing() }
    }
}
