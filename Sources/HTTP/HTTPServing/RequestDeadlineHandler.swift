// Per-connection deadlines and the cap on request bodies in flight (``ServerLimits``), enforced
// between NIO's HTTP/1 decoder and Hummingbird, where request heads, bodies and ends are visible.
import NIOCore
import NIOHTTP1

/// Closes a connection whose first request head does not arrive within the header timeout,
/// answers `408` when a request body does not arrive within the body timeout, answers `503` to a
/// request with a body while ``ServerLimits/maxBodiesInFlight`` bodies are being received, and
/// closes the connection ``ServerLimits/shutdownTimeout`` after graceful shutdown began. Bytes
/// that are not an HTTP/1.1 request are answered `400` (``ServerRefusal/malformedRequestCode``)
/// here too, so that every refusal carries a code.
///
/// One per connection, on its event loop only. The idle timeout between requests is
/// Hummingbird's (`HTTP1Channel.Configuration.idleTimeout`).
final class RequestDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private enum State {
        /// Connected, and the first request head has not arrived: the header deadline runs.
        case awaitingFirstHead
        /// A request head was passed on and its end has not arrived. A request with a body holds
        /// a slot of ``bodies`` and its body deadline runs.
        case readingRequest(holdsSlot: Bool)
        /// Between requests: only Hummingbird's idle timeout applies.
        case betweenRequests
        /// The connection has been answered and is closing: whatever it still sends is dropped.
        case refused
    }

    private let limits: ServerLimits
    private let bodies: CapacitySlots
    private let render: ServerRefusal.Renderer
    private var state = State.awaitingFirstHead
    /// The `Accept` field of the latest request head, for the body of a refusal.
    private var accept: String?
    /// The header or body deadline, whichever runs.
    private var deadline: Scheduled<Void>?
    /// The close after a refusal, or after graceful shutdown began.
    private var closing: Scheduled<Void>?
    /// A response head has been written and its end has not.
    private var responding = false

    init(limits: ServerLimits, bodies: CapacitySlots, render: @escaping ServerRefusal.Renderer) {
        self.limits = limits
        self.bodies = bodies
        self.render = render
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { armHeaderDeadline(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        armHeaderDeadline(context)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stop()
    }

    func channelInactive(context: ChannelHandlerContext) {
        stop()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .refused = state { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            cancelDeadline()
            accept = head.headers["Accept"].isEmpty ? nil : head.headers["Accept"].joined(separator: ", ")
            let hasBody = Self.hasBody(head)
            if hasBody {
                guard bodies.tryAcquire() else {
                    refuse(
                        context,
                        ServerRefusal(
                            .serviceUnavailable, ServerRefusal.tooManyBodiesCode,
                            "the server is receiving \(bodies.capacity) request bodies; retry later"),
                        retryAfter: true)
                    return
                }
                armDeadline(context, after: limits.bodyTimeout) { handler, context in
                    handler.refuse(
                        context,
                        ServerRefusal(
                            .requestTimeout, ServerRefusal.requestTimeoutCode,
                            "the request body did not arrive within \(Self.text(handler.limits.bodyTimeout))"),
                        retryAfter: false)
                }
            }
            state = .readingRequest(holdsSlot: hasBody)
        case .body:
            break
        case .end:
            cancelDeadline()
            releaseSlot()
            state = .betweenRequests
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head: responding = true
        case .end: responding = false
        case .body: break
        }
        context.write(data, promise: promise)
    }

    /// A request the decoder cannot parse (NIO's `HTTPParserError`) is answered `400` with a code
    /// here, unless a response has begun; the error goes no further, so Hummingbird does not
    /// answer it again with an empty body.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard error is HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        if case .refused = state { return }
        refuse(
            context,
            ServerRefusal(.badRequest, ServerRefusal.malformedRequestCode, "the request is not valid HTTP/1.1 (\(error))"),
            retryAfter: false)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case is ChannelShouldQuiesceEvent:
            // Graceful shutdown: Hummingbird closes idle connections now and the others once their
            // response is written; whatever is still open after the shutdown timeout is closed.
            if closing == nil { closing = scheduleClose(context, after: limits.shutdownTimeout) }
        case ChannelEvent.inputClosed:
            // The client closed its side after a refusal: nothing is left to linger for.
            if case .refused = state { context.close(promise: nil) }
        default:
            break
        }
        context.fireUserInboundEventTriggered(event)
    }

    /// Answers `refusal` (unless a response has begun), fails the request's body
    /// stream if the application is reading it, and closes the connection: output at once, input
    /// after ``ServerLimits/lingerTime`` or when the client closes, whichever comes first, so that
    /// the client can read the answer before the connection resets.
    private func refuse(_ context: ChannelHandlerContext, _ refusal: ServerRefusal, retryAfter: Bool) {
        let bodyInProgress: Bool
        if case .readingRequest = state { bodyInProgress = true } else { bodyInProgress = false }
        cancelDeadline()
        releaseSlot()
        state = .refused
        if !responding {
            let rendered = render(refusal, accept)
            let body = ByteBuffer(bytes: rendered.body)
            var headers = HTTPHeaders([
                ("Content-Type", rendered.contentType), ("Content-Length", "\(body.readableBytes)"), ("Connection", "close"),
            ])
            if retryAfter { headers.add(name: "Retry-After", value: "1") }
            context.write(
                wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: refusal.status, headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
        if bodyInProgress {
            context.fireErrorCaught(
                ServerLimitFailure(status: .init(code: Int(refusal.status.code)), code: refusal.code, message: refusal.message))
        }
        context.close(mode: .output, promise: nil)
        closing?.cancel()
        closing = scheduleClose(context, after: limits.lingerTime)
    }

    /// Arms the header deadline for the first request, once.
    private func armHeaderDeadline(_ context: ChannelHandlerContext) {
        guard case .awaitingFirstHead = state, deadline == nil else { return }
        // A connection that has not sent a whole request head gets no answer: it is closed.
        armDeadline(context, after: limits.headerTimeout) { _, context in context.close(promise: nil) }
    }

    private func armDeadline(
        _ context: ChannelHandlerContext, after delay: Duration,
        _ expire: @escaping (RequestDeadlineHandler, ChannelHandlerContext) -> Void
    ) {
        deadline?.cancel()
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(delay)) {
            self.deadline = nil
            expire(self, context)
        }
    }

    private func scheduleClose(_ context: ChannelHandlerContext, after delay: Duration) -> Scheduled<Void> {
        context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(delay)) {
            self.closing = nil
            context.close(promise: nil)
        }
    }

    private func cancelDeadline() {
        deadline?.cancel()
        deadline = nil
    }

    private func releaseSlot() {
        if case .readingRequest(holdsSlot: true) = state {
            bodies.release()
            state = .readingRequest(holdsSlot: false)
        }
    }

    /// Cancels every timer and gives back the slot: the connection is gone or the handler removed.
    private func stop() {
        cancelDeadline()
        closing?.cancel()
        closing = nil
        releaseSlot()
    }

    /// Whether a request has a body to read: a `Content-Length` other than 0, or any
    /// `Transfer-Encoding` (RFC 9112 §6.3).
    static func hasBody(_ head: HTTPRequestHead) -> Bool {
        if head.headers.contains(name: "Transfer-Encoding") { return true }
        return head.headers["Content-Length"].contains { $0 != "0" }
    }

    /// A duration for people: `30 s`, or `200 ms` below a whole second.
    static func text(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        if attoseconds == 0 { return "\(seconds) s" }
        return "\(seconds * 1000 + attoseconds / 1_000_000_000_000_000) ms"
    }
}

@available(*, unavailable)
extension RequestDeadlineHandler: Sendable {}
