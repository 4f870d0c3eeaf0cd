import Foundation
import HTTPServing
import HTTPTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LogAPI
import LogHTTP
import Logging
import NIOCore
import Notes
import Testing
import WitnessEngine
import WitnessHTTP

/// Every error answer of the log and of the witness carries a stable code with its status
/// (specs/http-api.md, "Errors"; specs/witness.md, "Errors"), including the answers produced
/// outside the routes: the server's limits, an unknown path or method, a request that is not
/// HTTP. Each case runs against a real server on 127.0.0.1.
@Suite struct ErrorCodeTests {
    static let cose: HTTPFields = [.contentType: "application/cose"]

    /// The error answer of a text response, or a recorded issue.
    static func answer(_ r: TestResponse, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) -> ErrorAnswer? {
        #expect(r.headers[.contentType] == "text/plain; charset=utf-8", "\(name)", sourceLocation: sourceLocation)
        let answer = ErrorAnswer(contentType: r.headers[.contentType], body: Array(r.body.readableBytesView))
        #expect(answer != nil, "\(name): \(String(buffer: r.body))", sourceLocation: sourceLocation)
        return answer
    }

    @Test func routeErrorsCarryTheirCodes() async throws {
        let server = try TestServer()
        let good = try server.statement("good")
        var badSignature = good
        badSignature[badSignature.count - 1] ^= 1
        let stranger = try server.statement("x", issuer: "stranger.example", key: .init())
        let table: [(name: String, method: HTTPRequest.Method, uri: String, headers: HTTPFields, body: [UInt8]?, status: HTTPResponse.Status, code: String)] = [
            ("empty body", .post, "/entries", Self.cose, [], .badRequest, "EMPTY_BODY"),
            ("body over 1 MiB", .post, "/entries", Self.cose, [UInt8](repeating: 0xa0, count: (1 << 20) + 1), .contentTooLarge, "BODY_TOO_LARGE"),
            ("no content type", .post, "/entries", [:], good, .unsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE"),
            ("not CBOR", .post, "/entries", Self.cose, Array("hello".utf8), .badRequest, "NOT_CBOR"),
            ("bad signature", .post, "/entries", Self.cose, badSignature, .badRequest, "SIG_FAILED"),
            ("unknown issuer", .post, "/entries", Self.cose, stranger, .forbidden, "UNKNOWN_ISSUER"),
            ("unknown path", .get, "/nothing/here", [:], nil, .notFound, "NOT_FOUND"),
            ("method outside the 405 set", .trace, "/checkpoint", [:], nil, .notFound, "NOT_FOUND"),
            ("wrong method on a read", .delete, "/checkpoint", [:], nil, .methodNotAllowed, "METHOD_NOT_ALLOWED"),
            ("wrong method on registration", .get, "/entries", [:], nil, .methodNotAllowed, "METHOD_NOT_ALLOWED"),
            ("bad tree size", .get, "/entries/0/proof?tree_size=x", [:], nil, .badRequest, "BAD_PARAMETER"),
            ("consistency without from", .get, "/proof/consistency", [:], nil, .badRequest, "MISSING_PARAMETER"),
            ("consistency backwards", .get, "/proof/consistency?from=1&to=0", [:], nil, .badRequest, "BAD_REQUEST"),
            ("bad tile path", .get, "/tile/0/0", [:], nil, .badRequest, "BAD_TILE_PATH"),
            ("bad entry ID", .get, "/entries/01", [:], nil, .badRequest, "BAD_ENTRY_ID"),
            ("entry beyond the tree", .get, "/entries/7", [:], nil, .notFound, "NOT_FOUND"),
        ]
        try await server.application.test(.live) { client in
            #expect(try await client.execute(uri: "/entries", method: .post, headers: Self.cose, body: ByteBuffer(bytes: good)).status == .created)
            for row in table {
                let r = try await client.execute(uri: row.uri, method: row.method, headers: row.headers, body: row.body.map { ByteBuffer(bytes: $0) })
                #expect(r.status == row.status, "\(row.name): \(r.status) \(String(buffer: r.body))")
                #expect(Self.answer(r, row.name)?.code == row.code, "\(row.name): \(String(buffer: r.body))")
            }
            // RFC 9110 §15.5.6: a 405 lists what the path answers.
            let delete = try await client.execute(uri: "/checkpoint", method: .delete)
            #expect(delete.headers[.allow] == "GET, HEAD")
            #expect(try await client.execute(uri: "/entries", method: .get).headers[.allow] == "POST")
            // HEAD is answered wherever GET is.
            let head = try await client.execute(uri: "/checkpoint", method: .head)
            #expect(head.status == .ok && head.body.readableBytes == 0)
        }
    }

    /// A registration the log can no longer sequence is 503 `SHUTTING_DOWN`, with Retry-After.
    @Test func registrationWhileShuttingDownIs503() async throws {
        let server = try TestServer()
        try await server.application.test(.live) { client in
            await server.service.shutdown()
            let r = try await client.execute(
                uri: "/entries", method: .post, headers: Self.cose, body: ByteBuffer(bytes: try server.statement("late")))
            #expect(r.status == .serviceUnavailable)
            #expect(r.headers[.retryAfter] == "1")
            #expect(Self.answer(r, "shutting down")?.code == "SHUTTING_DOWN")
        }
    }

    /// A body streamed past 1 MiB without a Content-Length is refused while it is read.
    @Test func aChunkedBodyOverTheLimitIsBodyTooLarge() async throws {
        let log = try await ServerLimitsTests.Running(ServerLimitsTests.limits())
        let connection = try await log.connect()
        let chunk = String(repeating: "a", count: (1 << 20) + 1)
        try? await connection.send(
            "POST /entries HTTP/1.1\r\nHost: log.example\r\nContent-Type: application/cose\r\nTransfer-Encoding: chunked\r\n\r\n"
                + String((1 << 20) + 1, radix: 16) + "\r\n" + chunk + "\r\n0\r\n\r\n")
        #expect(await connection.waitForReceived("BODY_TOO_LARGE: ", within: .seconds(10)), "\(connection.received.prefix(300))")
        #expect(connection.received.hasPrefix("HTTP/1.1 413 "))
        await connection.close()
        #expect(await log.running.shutdown(within: .seconds(20)) != nil)
    }

    /// The server's own refusals carry codes: 408, 503 for bodies and connections, 400 for bytes
    /// that are not HTTP; with `Accept` asking for problem details, they come as problem details.
    @Test func serverRefusalsCarryTheirCodes() async throws {
        let log = try await ServerLimitsTests.Running(ServerLimitsTests.limits(body: .milliseconds(200)))
        // 408 REQUEST_TIMEOUT, in text and in problem details.
        let stalled = try await log.connect()
        try await stalled.send(ServerLimitsTests.headOfAStalledBody)
        #expect(await stalled.waitForClose(within: .seconds(10)))
        #expect(stalled.received.hasPrefix("HTTP/1.1 408 Request Timeout\r\n"))
        #expect(stalled.received.contains("\r\nContent-Type: text/plain; charset=utf-8\r\n"))
        #expect(stalled.received.hasSuffix("\r\n\r\nREQUEST_TIMEOUT: the request body did not arrive within 200 ms\n"))
        let cbor = try await log.connect()
        try await cbor.send(ServerLimitsTests.headOfAStalledBody.replacingOccurrences(
            of: "Content-Length", with: "Accept: application/concise-problem-details+cbor\r\nContent-Length"))
        #expect(await cbor.waitForClose(within: .seconds(10)))
        #expect(cbor.received.hasPrefix("HTTP/1.1 408 Request Timeout\r\n"))
        #expect(cbor.received.contains("\r\nContent-Type: application/concise-problem-details+cbor\r\n"))
        #expect(cbor.received.contains("REQUEST_TIMEOUT: the request body did not arrive within 200 ms"))

        // 400 MALFORMED_REQUEST for bytes that are not a request.
        let garbage = try await log.connect()
        try await garbage.send("NOT HTTP AT ALL\r\n\r\n")
        #expect(await garbage.waitForClose(within: .seconds(10)))
        #expect(garbage.received.hasPrefix("HTTP/1.1 400 Bad Request\r\n"), "\(garbage.received)")
        #expect(garbage.received.contains("\r\n\r\nMALFORMED_REQUEST: the request is not valid HTTP/1.1"))

        #expect(await log.running.shutdown(within: .seconds(20)) != nil)
    }

    @Test func capRefusalsCarryTheirCodes() async throws {
        let log = try await ServerLimitsTests.Running(ServerLimitsTests.limits(connections: 3, bodies: 1))
        // 503 TOO_MANY_BODIES: one body is being received, a second is refused.
        let first = try await log.connect()
        try await first.send(ServerLimitsTests.headOfAStalledBody.replacingOccurrences(of: "abc", with: ""))
        let second = try await log.connect()
        try await second.send(ServerLimitsTests.headOfAStalledBody)
        #expect(await second.waitForReceived("TOO_MANY_BODIES: ", within: .seconds(10)), "\(second.received)")
        #expect(second.received.hasPrefix("HTTP/1.1 503 Service Unavailable\r\n"))
        #expect(second.received.contains("Retry-After: 1\r\n"))

        // 503 TOO_MANY_CONNECTIONS: `first` holds one of 3 slots, `second` is closing; fill the rest.
        var held: [RawConnection] = [first]
        var refused: RawConnection?
        for _ in 0..<10 where refused == nil {
            let next = try await log.connect()
            try? await next.send("GET /healthz HTTP/1.1\r\nHost: log.example\r\n\r\n")
            if await next.waitForReceived("\r\n\r\n", within: .seconds(10)), next.received.hasPrefix("HTTP/1.1 503") {
                refused = next
            } else {
                held.append(next)
            }
        }
        let over = try #require(refused)
        #expect(await over.waitForClose(within: .seconds(10)))
        #expect(over.received.hasSuffix("\r\n\r\nTOO_MANY_CONNECTIONS: the server has 3 connections open; retry later\n"), "\(over.received)")
        for connection in held { await connection.close() }
        await second.close()
        #expect(await log.running.shutdown(within: .seconds(20)) != nil)
    }

    /// The witness's errors carry codes too: the engine's, an unknown path, a body over the limit.
    @Test func witnessErrorsCarryTheirCodes() async throws {
        let directory = NSTemporaryDirectory() + "witness-codes-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = try TestServer()
        let logs = try LogList(parsing: Array("\(TestServer.origin) \(server.logKey.verifierKey.encoded)".utf8))
        let (witness, _) = try Witness.open(directory: directory, logs: logs, name: "witness.example/codes")
        let app = WitnessApplication.build(
            witness: witness, address: .hostname("127.0.0.1", port: 0), logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        try await app.test(.live) { client in
            let rows: [(name: String, method: HTTPRequest.Method, uri: String, body: [UInt8]?, status: HTTPResponse.Status, code: String)] = [
                ("malformed body", .post, "/add-checkpoint", Array("old 0\n".utf8), .badRequest, "MALFORMED_BODY"),
                ("body over the limit", .post, "/add-checkpoint", [UInt8](repeating: 0x61, count: AddCheckpointRequest.maxCount + 1), .contentTooLarge, "BODY_TOO_LARGE"),
                ("never cosigned", .get, "/checkpoint/" + Witness.originHash(TestServer.origin), nil, .notFound, "NO_CHECKPOINT"),
                ("unknown path", .get, "/nothing", nil, .notFound, "NOT_FOUND"),
                ("wrong method", .get, "/add-checkpoint", nil, .notFound, "NOT_FOUND"),
            ]
            for row in rows {
                let r = try await client.execute(uri: row.uri, method: row.method, body: row.body.map { ByteBuffer(bytes: $0) })
                #expect(r.status == row.status, "\(row.name): \(r.status) \(String(buffer: r.body))")
                #expect(Self.answer(r, row.name)?.code == row.code, "\(row.name): \(String(buffer: r.body))")
            }
        }
    }
}
