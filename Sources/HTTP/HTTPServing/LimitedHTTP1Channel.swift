// Hummingbird's HTTP/1 child channel with the ServerLimits applied to every connection.
public import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// Hummingbird's `HTTP1Channel` (with ``ServerLimits/idleTimeout`` as its idle timeout), plus the
/// connection cap, the header, body and shutdown deadlines, and the cap on bodies in flight.
struct LimitedHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let base: HTTP1Channel
    let limits: ServerLimits
    /// The server's open connections.
    let connections: CapacitySlots
    /// The request bodies being received, over all of the server's connections.
    let bodies: CapacitySlots
    /// How refusals are written.
    let render: ServerRefusal.Renderer

    init(responder: @escaping HTTPChannelHandler.Responder, limits: ServerLimits, render: @escaping ServerRefusal.Renderer) {
        base = HTTP1Channel(responder: responder, configuration: .init(idleTimeout: TimeAmount(limits.idleTimeout)))
        self.limits = limits
        self.render = render
        connections = CapacitySlots(capacity: limits.maxConnections)
        bodies = CapacitySlots(capacity: limits.maxBodiesInFlight)
    }

    /// Sets the connection up as Hummingbird does, then adds the ``RequestDeadlineHandler`` after
    /// the HTTP decoder; a connection over the cap gets a ``ConnectionRefusalHandler`` in front
    /// instead, which answers 503 before any request reaches the application. Runs on the
    /// connection's event loop, before the connection is registered.
    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let limits = self.limits
        let bodies = self.bodies
        let render = self.render
        let setUp: EventLoopFuture<Value>
        if connections.tryAcquire() {
            let connections = self.connections
            channel.closeFuture.whenComplete { _ in connections.release() }
            setUp = base.setup(channel: channel, logger: logger).flatMapThrowing { value in
                let pipeline = channel.pipeline.syncOperations
                let decoder = try pipeline.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
                try pipeline.addHandler(
                    RequestDeadlineHandler(limits: limits, bodies: bodies, render: render), position: .after(decoder))
                return value
            }
        } else {
            logger.debug("connection refused: \(limits.maxConnections) connections open")
            let refusal = ServerRefusal(
                .serviceUnavailable, ServerRefusal.tooManyConnectionsCode,
                "the server has \(limits.maxConnections) connections open; retry later")
            let body = render(refusal, nil)
            setUp = base.setup(channel: channel, logger: logger).flatMapThrowing { value in
                try channel.pipeline.syncOperations.addHandler(
                    ConnectionRefusalHandler(body: body, linger: limits.lingerTime), position: .first)
                return value
            }
        }
        // NIO leaves a connection whose setup failed open: close it (which frees its slot).
        return setUp.flatMapErrorThrowing { error in
            channel.close(promise: nil)
            throw error
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// An HTTP/1.1 server that enforces `limits` (``ServerLimits``) on its connections, and
    /// writes its own refusals (``ServerRefusal``) with `render`. Each server built from it counts
    /// its own connections and bodies in flight.
    public static func http1(limits: ServerLimits, render: @escaping ServerRefusal.Renderer = ServerRefusal.text) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in LimitedHTTP1Channel(responder: responder, limits: limits, render: render) }
    }
}
