import Foundation
import HTTPTestSupport
import Logging
import Notes
import Testing
import WitnessEngine
import WitnessHTTP
import WitnessTestSupport

/// A witness started through its library entry point (WitnessServer), as a Swift program
/// embedding ReceiptLog starts it: no CLI process.
@Suite struct WitnessServerEntryPointTests {
    static let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
    static let log = TestLog(origin: "log.example/entry-point", seed: 9, size: 20)

    /// The witness run in a task, and the address and port it listens on, once it listens.
    static func start(_ server: WitnessServer) async -> (task: Task<Void, any Error>, address: String?, port: Int?) {
        let (listening, sink) = AsyncStream.makeStream(of: (String, Int).self)
        let task = Task {
            defer { sink.finish() }
            try await server.run { address, port in sink.yield((address, port)) }
        }
        var iterator = listening.makeAsyncIterator()
        let first = await iterator.next()
        return (task, first?.0, first?.1)
    }

    @Test(.timeLimit(.minutes(1)))
    func aWitnessStartedFromItsConfigurationCosignsACheckpointAndStops() async throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let logs = directory.path + "/logs.txt"
        try Data((Self.log.logListLine + "\n").utf8).write(to: URL(fileURLWithPath: logs))
        var configuration = WitnessServerConfiguration(
            dataDirectory: directory.path + "/witness", logs: .file(logs), name: "w.example/entry-point", port: 0)
        configuration.engineThreads = 2
        let server = try await WitnessServer(configuration: configuration, logger: Self.quiet)
        #expect(server.createdKey)
        #expect(FileManager.default.fileExists(atPath: directory.path + "/witness/" + Witness.keyFileName))
        let (task, address, bound) = await Self.start(server)
        let port = try #require(bound)
        #expect(address == "127.0.0.1")
        #expect(server.listeningPort == port)

        let body = String(decoding: Self.log.request(old: 0, new: 20).encoded, as: UTF8.self)
        let connection = try await RawConnection.open(port: port)
        try await connection.send(
            "POST /add-checkpoint HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)")
        #expect(await connection.waitForClose(within: .seconds(30)))
        let answer = connection.received
        #expect(answer.hasPrefix("HTTP/1.1 200"), "\(answer)")
        // The body is the cosignature line: `— <witness name> <base64>`.
        #expect(answer.contains("\u{2014} w.example/entry-point "), "\(answer)")

        await server.shutdown()
        try await task.value
        // The state was closed: the directory opens again, with the same key.
        let again = try await WitnessServer(configuration: configuration, logger: Self.quiet)
        #expect(!again.createdKey)
        #expect(again.verifierKey.encoded == server.verifierKey.encoded)
        await again.shutdown()
        try await again.run()
    }

    @Test func anAddressInUseAndABadLogListAreRefusedBeforeAnythingIsMade() async throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        var first = WitnessServerConfiguration(
            dataDirectory: directory.path + "/a", logs: .value(try LogList(parsing: Array(Self.log.logListLine.utf8))),
            name: "w.example/a", port: 0)
        first.engineThreads = 1
        let running = try await WitnessServer(configuration: first, logger: Self.quiet)
        let (task, _, bound) = await Self.start(running)
        let port = try #require(bound)

        var second = first
        second.dataDirectory = directory.path + "/b"
        second.port = port
        do {
            _ = try await WitnessServer(configuration: second, logger: Self.quiet)
            Issue.record("a witness started on a port in use")
        } catch {
            #expect(error.code == .cannotListen)
            #expect(error.message == "cannot listen on 127.0.0.1:\(port): address already in use; is another server running there?")
        }
        second.port = 0
        second.logs = .file(directory.path + "/missing.txt")
        do {
            _ = try await WitnessServer(configuration: second, logger: Self.quiet)
            Issue.record("a witness started without its log list")
        } catch {
            #expect(error.code == .badInput)
        }
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/b"))
        await running.shutdown()
        try await task.value
    }
}
