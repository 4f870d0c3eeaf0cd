import HTTPServing
import HTTPTestSupport
import Hummingbird
import LogHTTP
import Logging
import Testing

/// The log server's connection limits (specs/http-api.md, "Limits"), with short limits injected
/// and raw TCP clients that send half a request or nothing.
@Suite struct ServerLimitsTests {
    /// A running log server with `limits`, and its port.
    struct Running {
        let server: TestServer
        let running: RunningService
        let port: Int

        init(_ limits: ServerLimits) async throws {
            server = try TestServer()
            let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
            running = RunningService(
                LogServer.application(
                    service: server.service, registry: server.registry, host: "127.0.0.1", port: 0,
                    logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }), limits: limits,
                    onRunning: { portSink.yield($0) }))
            var iterator = ports.makeAsyncIterator()
            port = try #require(await iterator.next())
        }

        func connect() async throws -> RawConnection { try await RawConnection.open(port: port) }

        /// Whether `GET path` comes to contain `text` within 10 s, asking again every 50 ms.
        func eventually(get path: String, contains text: String) async throws -> Bool {
            let deadline = ContinuousClock.now + .seconds(10)
            while ContinuousClock.now < deadline {
                let connection = try await connect()
                try await connection.send("GET \(path) HTTP/1.1\r\nHost: log.example\r\nConnection: close\r\n\r\n")
                _ = await connection.waitForClose(within: .seconds(5))
                if connection.received.contains(text) { return true }
                try await Task.sleep(for: .milliseconds(50))
            }
            return false
        }
    }

    /// Limits that never expire within a test, with the ones a test checks made short.
    static func limits(
        header: Duration = .seconds(60), body: Duration = .seconds(60), connections: Int = 1024, bodies: Int = 256,
        shutdown: Duration = .seconds(60)
    ) -> ServerLimits {
        ServerLimits(
            idleTimeout: .seconds(60), headerTimeout: header, bodyTimeout: body, maxConnections: connections,
            maxBodiesInFlight: bodies, shutdownTimeout: shutdown)
    }

    static let halfHead = "POST /entries HTTP/1.1\r\nHost: log.example\r\nContent-Ty"
    static let headOfAStalledBody =
        "POST /entries HTTP/1.1\r\nHost: log.example\r\nContent-Type: application/cose\r\nContent-Length: 1000\r\n\r\nabc"

    @Test func connectionsThatSendNothingOrHalfAHeadAreClosed() async throws {
        let log = try await Running(Self.limits(header: .milliseconds(200)))
        var connections: [RawConnection] = []
        for i in 0..<20 {
            let connection = try await log.connect()
            // On a slow machine the server may have closed it already: that is what is tested.
            if i % 2 == 1 { try? await connection.send(Self.halfHead) }
            connections.append(connection)
        }
        for connection in connections {
            #expect(await connection.waitForClose(within: .seconds(10)))
            #expect(connection.received.isEmpty)
        }
        #expect(await log.running.shutdown(within: .seconds(20)) != nil)
    }

    @Test func aStalledBodyGets408AndTheConnectionCloses() async throws {
        let log = try await Running(Self.limits(body: .milliseconds(200)))
        var connections: [RawConnection] = []
        for _ in 0..<10 {
            let connection = try await log.connect()
            try await connection.send(Self.headOfAStalledBody)
            connections.append(connection)
        }
        for connection in connections {
            #expect(await connection.waitForClose(within: .seconds(10)))
            #expect(connection.received.hasPrefix("HTTP/1.1 408 Request Timeout\r\n"))
            #expect(connection.received.contains("\r\nConnection: close\r\n"))
        }
        // The refused requests are counted with their status.
        #expect(try await log.eventually(get: "/metrics", contains: "receiptlog_http_requests_total{route=\"/entries\",status=\"408\"} 10\n"))
        #expect(await log.running.shutdown(within: .seconds(20)) != nil)
    }

    @Test func connectionsOverTheCapGet503() async throws {
        let log = try await Running(Self.limits(connections: 4))
        // Four connections, each shown to be served (so each holds its slot).
        var held: [RawConnection] = []
        for _ in 0..<4 {
            let connection = try await log.connect()
            try await connection.send("GET /healthz HTTP/1.1\r\nHost: log.example\r\n\r\n")
            #expect(await connection.waitForReceived("\r\n\r\nok\n", within: .seconds(10)))
            held.append(connection)
        }
        // The fifth is answered 503 at once, before it sends anything, and closed.
        let fifth = try await log.connect()
        #expect(await fifth.waitForClose(within: .seconds(10)))
        #expect(fifth.received.hasPrefix("HTTP/1.1 503 Service Unavailable\r\n"))
        #expect(fifth.received.contains("Retry-After: 1\r\n"))
        // Once one of the four closes, a new connection is served again.
        await held[0].close()
        var served = false
        for _ in 0..<100 where !served {
            let next = try await log.connect()
            // Until the freed slot is seen, the server answers 503 and closes at once, which can
            // beat the request to the socket.
            guard (try? await next.send("GET /healthz HTTP/1.1\r\nHost: log.example\r\n\r\n")) != nil else {
                await next.close()
                continue
            }
            _ = await next.waitForClose(within: .milliseconds(100))
            served = next.received.hasSuffix("\r\n\r\nok\n")
            await next.close()
        }
        #expect(served)
        #expect(await log.running.shutdown(within: .seconds(20)) != nil)
    }

    @Test func bodiesOverTheCapGet503() async throws {
        let log = try await Running(Self.limits(bodies: 2))
        var uploads: [RawConnection] = []
        for _ in 0..<3 {
            let connection = try await log.connect()
            try await connection.send(Self.headOfAStalledBody)
            uploads.append(connection)
        }
        // Whichever head arrived third is refused; the other two bodies are still being read.
        var refused: [RawConnection] = []
        let deadline = ContinuousClock.now + .seconds(10)
        while refused.isEmpty && ContinuousClock.now < deadline {
            refused = uploads.filter { $0.received.hasPrefix("HTTP/1.1 503 Service Unavailable\r\n") }
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(refused.count == 1)
        #expect(await refused.first?.waitForClose(within: .seconds(10)) == true)
        #expect(uploads.filter { $0.received.isEmpty && !$0.isClosed }.count == 2)
        // A request without a body is not counted.
        let read = try await log.connect()
        try await read.send("GET /healthz HTTP/1.1\r\nHost: log.example\r\n\r\n")
        #expect(await read.waitForReceived("\r\n\r\nok\n", within: .seconds(10)))
        for upload in uploads { await upload.close() }
        #expect(await log.running.shutdown(within: .seconds(20)) != nil)
    }

    @Test func shutdownClosesHalfSentRequestsWithinTheBound() async throws {
        let log = try await Running(Self.limits(shutdown: .milliseconds(300)))
        var connections: [RawConnection] = []
        for i in 0..<40 {
            let connection = try await log.connect()
            try await connection.send(i % 2 == 0 ? Self.headOfAStalledBody : Self.halfHead)
            connections.append(connection)
        }
        // Let the server see every head before shutdown begins.
        let probe = try await log.connect()
        try await probe.send("GET /healthz HTTP/1.1\r\nHost: log.example\r\nConnection: close\r\n\r\n")
        #expect(await probe.waitForClose(within: .seconds(10)))
        let took = await log.running.shutdown(within: .seconds(20))
        #expect(took != nil)
        #expect(took.map { $0 < .seconds(10) } == true)
        for connection in connections {
            #expect(await connection.waitForClose(within: .seconds(10)))
        }
    }
}
