// Building the witness's HTTP application, so tests and the CLI run the same server.
public import HTTPServing
public import Hummingbird
public import Logging
public import NIOCore
public import NIOPosix
public import Prometheus
public import WitnessEngine

/// Builds the witness application.
public enum WitnessApplication {
    /// The router with the witness's routes (``WitnessRoutes``), `GET /healthz` and `GET /metrics`
    /// (served from `registry`), for `app.test(.router)` tests and for
    /// ``build(witness:address:logger:threadPool:registry:limits:onServerRunning:)``. Engine
    /// calls run on `threadPool`, which must be started.
    public static func router(
        witness: Witness, threadPool: NIOThreadPool = .singleton,
        registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()
    ) -> Router<BasicRequestContext> {
        let factory = PrometheusMetricsFactory(registry: registry)
        let router = Router()
        router.add(middleware: RequestMetricsMiddleware(metrics: HTTPMetrics(factory: factory)))
        router.add(middleware: WitnessFailureMiddleware())
        WitnessRoutes(witness: witness, threadPool: threadPool, metrics: WitnessMetrics(factory: factory)).register(on: router)
        WitnessPage(witness: witness).register(on: router)
        // Answered by the router alone: the witness serves while its listener does.
        router.get("healthz") { _, _ -> Response in
            WitnessRoutes.response(.ok, Array("ok\n".utf8), cache: "no-store")
        }
        router.get("metrics") { _, _ -> Response in
            WitnessRoutes.response(
                .ok, registry.emitToBuffer(), contentType: "text/plain; version=0.0.4; charset=utf-8", cache: "no-store")
        }
        return router
    }

    /// An application serving ``router(witness:threadPool:registry:)`` at `address`, with
    /// `limits` on its connections (specs/witness.md, "Limits"). `onServerRunning` is called with
    /// the listening channel once the server accepts connections (its local address gives the
    /// port when `address` asked for port 0).
    ///
    /// Each request in flight holds a thread of `threadPool` while the engine verifies and writes.
    /// Writes for different logs that wait on the disk at the same time are committed by RocksDB
    /// in one group, so a pool larger than the core count lets concurrent requests share fsyncs.
    /// Graceful shutdown (`runService()`) stops accepting connections, lets requests in flight
    /// finish, and closes connections still open after `limits.shutdownTimeout`.
    public static func build(
        witness: Witness, address: BindAddress, logger: Logger, threadPool: NIOThreadPool = .singleton,
        registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(), limits: ServerLimits = ServerLimits(),
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: router(witness: witness, threadPool: threadPool, registry: registry),
            server: .http1(limits: limits),
            configuration: ApplicationConfiguration(address: address, serverName: "receiptlog-witness"),
            onServerRunning: onServerRunning,
            logger: logger)
    }
}
