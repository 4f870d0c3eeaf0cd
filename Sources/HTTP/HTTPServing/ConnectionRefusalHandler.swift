// The answer to a connection accepted over ServerLimits.maxConnections.
import NIOCore

/// Answers `503 Service Unavailable` (``ServerRefusal/tooManyConnectionsCode``) to a connection as soon as it is active, without reading a
/// request, and closes it: output at once, input after `linger` or when the client closes, so
/// that the client can read the answer before the connection resets. Everything the client sends
/// is dropped. Sits first in the pipeline, before the HTTP decoder.
final class ConnectionRefusalHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    private let body: (contentType: String, body: [UInt8])
    private let linger: Duration
    private var answered = false
    private var closing: Scheduled<Void>?

    /// A handler that answers with `body` and waits at most `linger` for the client to close.
    init(body: (contentType: String, body: [UInt8]), linger: Duration) {
        self.body = body
        self.linger = linger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { answer(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        answer(context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        closing?.cancel()
        closing = nil
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        closing?.cancel()
        closing = nil
    }

    private func answer(_ context: ChannelHandlerContext) {
        guard !answered else { return }
        answered = true
        var response = ByteBuffer(
            string: "HTTP/1.1 503 Service Unavailable\r\nContent-Type: \(body.contentType)\r\n"
                + "Content-Length: \(body.body.count)\r\nRetry-After: 1\r\nConnection: close\r\n\r\n")
        response.writeBytes(body.body)
        context.writeAndFlush(NIOAny(response), promise: nil)
        context.close(mode: .output, promise: nil)
        closing = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(linger)) {
            self.closing = nil
            context.close(promise: nil)
        }
    }
}

@available(*, unavailable)
extension ConnectionRefusalHandler: Sendable {}
