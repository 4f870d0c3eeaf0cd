// A stand-in for a slow peer: an HTTP server that answers a response head and the first bytes of
// a body, then never sends the rest.
import NIOCore
import NIOPosix

/// A server on 127.0.0.1 that answers every request with `200`, `Content-Length: 1000` and three
/// bytes of body, and then stalls until it is stopped.
public final class StallingHTTPServer: Sendable {
    private let channel: any Channel

    /// The port it listens on.
    public var port: Int { channel.localAddress?.port ?? 0 }

    private init(channel: any Channel) {
        self.channel = channel
    }

    /// Starts a server on a free port.
    public static func start() async throws -> StallingHTTPServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(StallingHandler())
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return StallingHTTPServer(channel: channel)
    }

    /// Stops listening; connections it accepted close when their clients close them.
    public func stop() async {
        try? await channel.close()
    }
}

/// Answers the first bytes it reads with a head and a partial body, then ignores the rest.
private final class StallingHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    var answered = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !answered else { return }
        answered = true
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\nabc"
        context.writeAndFlush(NIOAny(ByteBuffer(string: head)), promise: nil)
    }
}
