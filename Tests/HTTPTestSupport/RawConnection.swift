// A bare TCP client for tests of server limits: it sends exactly the bytes it is given (half a
// request, nothing at all) and records what comes back and when the server closes.
import NIOCore
import NIOPosix
import Synchronization

/// One TCP connection to a test server on 127.0.0.1.
public final class RawConnection: Sendable {
    private let channel: any Channel
    private let collector: Collector

    private init(channel: any Channel, collector: Collector) {
        self.channel = channel
        self.collector = collector
    }

    /// Connects to 127.0.0.1:`port`.
    public static func open(port: Int) async throws -> RawConnection {
        let collector = Collector()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(CollectingHandler(collector: collector))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        return RawConnection(channel: channel, collector: collector)
    }

    /// Sends `text` as it is.
    public func send(_ text: String) async throws {
        try await channel.writeAndFlush(ByteBuffer(string: text)).get()
    }

    /// Everything the server has sent so far, as text.
    public var received: String {
        collector.bytes.withLock { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether the connection is closed (by the server, or by ``close()``).
    public var isClosed: Bool { !channel.isActive }

    /// Waits until the server closes the connection; returns false if it is still open after
    /// `limit`.
    public func waitForClose(within limit: Duration) async -> Bool {
        // Polled: awaiting the close future could not be cancelled at the limit.
        let deadline = ContinuousClock.now + limit
        while channel.isActive {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return true
    }

    /// Waits until what the server sent contains `text`; returns false if it does not after
    /// `limit`.
    public func waitForReceived(_ text: String, within limit: Duration) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while !received.contains(text) {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return true
    }

    /// Closes the connection from this side.
    public func close() async {
        try? await channel.close()
    }
}

/// The bytes received on one connection.
private final class Collector: Sendable {
    let bytes = Mutex<[UInt8]>([])
}

/// Appends every inbound buffer to its collector.
private final class CollectingHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    let collector: Collector

    init(collector: Collector) {
        self.collector = collector
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        collector.bytes.withLock { $0 += buffer.readableBytesView }
    }
}
