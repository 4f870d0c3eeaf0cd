// Building the witness's HTTP application, so tests and the CLI run the same server.
public import Hummingbird
public import Logging
public import NIOCore
public import WitnessEngine

/// Builds the witness application.
public enum WitnessApplication {
    /// The router with the witness's routes (``WitnessRoutes``), for `app.test(.router)` tests
    /// and for ``build(witness:address:logger:onServerRunning:)``.
    public static func router(witness: Witness) -> Router<BasicRequestContext> {
        let router = Router()
        WitnessRoutes(witness: witness).register(on: router)
        return router
    }

    /// An application serving ``router(witness:)`` at `address`. `onServerRunning` is called
    /// with the listening channel once the server accepts connections (its local address gives
    /// the port when `address` asked for port 0).
    public static func build(
        witness: Witness, address: BindAddress, logger: Logger,
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: router(witness: witness),
            configuration: ApplicationConfiguration(address: address, serverName: "receiptlog-witness"),
            onServerRunning: onServerRunning,
            logger: logger)
    }
}
