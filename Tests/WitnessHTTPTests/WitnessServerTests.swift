import HTTPServing
import HTTPTestSupport
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Prometheus
import Testing
import WitnessEngine
import WitnessHTTP
import WitnessTestSupport

/// The witness server beyond the protocol: `GET /healthz`, `GET /metrics`, and the connection
/// limits (specs/witness.md, "Health and metrics", "Limits").
@Suite struct WitnessServerTests {
    static let log = TestLog(origin: "log.example/server", seed: 6, size: 40)
    static let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    static func witness(_ directory: TemporaryDirectory) throws -> Witness {
        try Witness(
            key: testWitnessKey, logs: LogList(parsing: Array(log.logListLine.utf8)), statePath: directory.path + "/state")
    }

    @Test func healthzAndMetrics() async throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let registry = PrometheusCollectorRegistry()
        let app = WitnessApplication.build(
            witness: try Self.witness(directory), address: .hostname("127.0.0.1", port: 0), logger: Self.quiet,
            registry: registry)
        try await app.test(.router) { client in
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
            #expect(String(buffer: health.body) == "ok\n")
            let body = Self.log.request(old: 0, new: 16).encoded
            #expect(try await client.execute(uri: "/add-checkpoint", method: .post, body: ByteBuffer(bytes: body)).status == .ok)
            #expect(try await client.execute(uri: "/add-checkpoint", method: .post, body: ByteBuffer(bytes: body)).status == .conflict)

            let metrics = try await client.execute(uri: "/metrics", method: .get)
            #expect(metrics.status == .ok)
            #expect(metrics.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
            let text = String(buffer: metrics.body)
            #expect(text.contains("receiptlog_http_requests_total{route=\"/add-checkpoint\",status=\"200\"} 1\n"))
            #expect(text.contains("receiptlog_http_requests_total{route=\"/add-checkpoint\",status=\"409\"} 1\n"))
            #expect(text.contains("receiptlog_http_requests_total{route=\"/healthz\",status=\"200\"} 1\n"))
            #expect(text.contains("receiptlog_witness_add_checkpoint_seconds_count 2\n"))
        }
    }

    /// A running witness server with `limits`, and its port.
    struct Running {
        let directory = TemporaryDirectory()
        let running: RunningService
        let port: Int

        init(_ limits: ServerLimits) async throws {
            let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
            running = RunningService(
                WitnessApplication.build(
                    witness: try WitnessServerTests.witness(directory), address: .hostname("127.0.0.1", port: 0),
                    logger: WitnessServerTests.quiet, limits: limits,
                    onServerRunning: { channel in portSink.yield(channel.localAddress?.port ?? 0) }))
            var iterator = ports.makeAsyncIterator()
            port = try #require(await iterator.next())
        }

        func connect() async throws -> RawConnection { try await RawConnection.open(port: port) }
    }

    static let halfHead = "POST /add-checkpoint HTTP/1.1\r\nHost: witness.example\r\nContent-Le"
    static let headOfAStalledBody = "POST /add-checkpoint HTTP/1.1\r\nHost: witness.example\r\nContent-Length: 500\r\n\r\nold 0\n"

    @Test func connectionsThatSendNothingOrHalfAHeadAreClosed() async throws {
        let witness = try await Running(ServerLimits(headerTimeout: .milliseconds(200)))
        defer { witness.directory.cleanUp() }
        var connections: [RawConnection] = []
        for i in 0..<20 {
            let connection = try await witness.connect()
            // On a slow machine the server may have closed it already: that is what is tested.
            if i % 2 == 1 { try? await connection.send(Self.halfHead) }
            connections.append(connection)
        }
        for connection in connections {
            #expect(await connection.waitForClose(within: .seconds(10)))
            #expect(connection.received.isEmpty)
        }
        #expect(await witness.running.shutdown(within: .seconds(20)) != nil)
    }

    @Test func stalledBodiesGet408() async throws {
        let witness = try await Running(ServerLimits(bodyTimeout: .milliseconds(200)))
        defer { witness.directory.cleanUp() }
        var connections: [RawConnection] = []
        for _ in 0..<10 {
            let connection = try await witness.connect()
            try await connection.send(Self.headOfAStalledBody)
            connections.append(connection)
        }
        for connection in connections {
            #expect(await connection.waitForClose(within: .seconds(10)))
            #expect(connection.received.hasPrefix("HTTP/1.1 408 Request Timeout\r\n"))
        }
        #expect(await witness.running.shutdown(within: .seconds(20)) != nil)
    }

    @Test func connectionsOverTheCapGet503() async throws {
        let witness = try await Running(ServerLimits(maxConnections: 3))
        defer { witness.directory.cleanUp() }
        var held: [RawConnection] = []
        for _ in 0..<3 {
            let connection = try await witness.connect()
            try await connection.send("GET /healthz HTTP/1.1\r\nHost: witness.example\r\n\r\n")
            #expect(await connection.waitForReceived("\r\n\r\nok\n", within: .seconds(10)))
            held.append(connection)
        }
        let fourth = try await witness.connect()
        #expect(await fourth.waitForClose(within: .seconds(10)))
        #expect(fourth.received.hasPrefix("HTTP/1.1 503 Service Unavailable\r\n"))
        for connection in held { await connection.close() }
        #expect(await witness.running.shutdown(within: .seconds(20)) != nil)
    }

    @Test func shutdownClosesHalfSentRequestsWithinTheBound() async throws {
        let witness = try await Running(ServerLimits(shutdownTimeout: .milliseconds(300)))
        defer { witness.directory.cleanUp() }
        var connections: [RawConnection] = []
        for i in 0..<40 {
            let connection = try await witness.connect()
            try await connection.send(i % 2 == 0 ? Self.headOfAStalledBody : Self.halfHead)
            connections.append(connection)
        }
        let probe = try await witness.connect()
        try await probe.send("GET /healthz HTTP/1.1\r\nHost: witness.example\r\nConnection: close\r\n\r\n")
        #expect(await probe.waitForClose(within: .seconds(10)))
        let took = await witness.running.shutdown(within: .seconds(20))
        #expect(took.map { $0 < .seconds(10) } == true)
        for connection in connections {
            #expect(await connection.waitForClose(within: .seconds(10)))
        }
    }
}
