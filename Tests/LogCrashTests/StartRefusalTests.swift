import Foundation
import LocalFiles
import LogClient
import Notes
import Testing

/// The start-up refusals of `receiptlog serve`: one line on standard error, a non-zero status,
/// and the running log untouched.
@Suite struct StartRefusalTests {
    @Test(.timeLimit(.minutes(2)))
    func aSecondProcessOnTheSameDirectoryAndAnotherOriginAreRefused() async throws {
        let log = try TestLogDirectory(origin: "example.com/refusal-test")
        defer { log.remove() }
        let (server, _) = try await log.start()
        defer { server.killNow() }

        // A second process on the same data directory.
        do {
            _ = try await LogServerProcess.start(data: log.dataDirectory, origin: log.origin, issuers: log.issuersFile)
            Issue.record("a second server started on the same data directory")
        } catch let failure as LogServerProcess.StartFailure {
            #expect(failure.status == 1)
            #expect(failure.stderr.contains("another process is serving the data directory"), "\(failure.stderr)")
        }
        #expect(try await server.stop(signal: SIGTERM).status == 0)

        // A limit out of range.
        do {
            _ = try await LogServerProcess.start(
                data: log.dataDirectory, origin: log.origin, issuers: log.issuersFile, arguments: ["--max-connections", "0"])
            Issue.record("a server started with --max-connections 0")
        } catch let failure as LogServerProcess.StartFailure {
            #expect(failure.status == 1)
            #expect(failure.stderr.contains("--max-connections is a count from 1"), "\(failure.stderr)")
        }

        // The same directory with another origin: the key file is named after the first.
        do {
            _ = try await LogServerProcess.start(data: log.dataDirectory, origin: "example.com/other", issuers: log.issuersFile)
            Issue.record("a server started with another origin")
        } catch let failure as LogServerProcess.StartFailure {
            #expect(failure.status == 1)
            #expect(failure.stderr.contains("example.com/other"), "\(failure.stderr)")
        }
    }
}

/// The restore drill on the real binary: a log whose store is lost, or restored from an older
/// backup, while its key survives refuses to start with one line that says what to do; a key
/// made beforehand starts a new log only with --init.
@Suite struct RestoreDrillTests {
    func register(_ log: TestLogDirectory, _ server: LogServerProcess, _ subjects: [String]) async throws {
        let client = try LogClient(baseURL: server.baseURL)
        for s in subjects { _ = try await client.submit(try log.statement(s).body) }
    }

    func expectRefusal(_ log: TestLogDirectory, arguments: [String] = [], _ fragments: [String]) async throws {
        do {
            let server = try await LogServerProcess.start(
                data: log.dataDirectory, origin: log.origin, issuers: log.issuersFile, arguments: arguments)
            server.killNow()
            Issue.record("the log started")
        } catch let failure as LogServerProcess.StartFailure {
            #expect(failure.status == 1)
            let lines = failure.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(failure.stderr)")
            for f in fragments { #expect(failure.stderr.contains(f), "\(f) in \(failure.stderr)") }
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func yesterdaysStoreAndALostStoreAreRefused() async throws {
        let log = try TestLogDirectory(origin: "example.com/restore-drill")
        defer { log.remove() }
        let db = log.dataDirectory + "/db"
        let backup = log.directory.path + "/db-yesterday"
        do {
            let (server, _) = try await log.start()
            defer { server.killNow() }
            try await register(log, server, ["a", "b", "c"])
            #expect(try await server.stop(signal: SIGTERM).status == 0)
        }
        try FileManager.default.copyItem(atPath: db, toPath: backup)
        do {
            let (server, _) = try await log.start()
            defer { server.killNow() }
            try await register(log, server, ["d", "e", "f"])
            #expect(try await server.stop(signal: SIGTERM).status == 0)
        }
        // Restore yesterday's store: refused.
        try FileManager.default.removeItem(atPath: db)
        try FileManager.default.copyItem(atPath: backup, toPath: db)
        try await expectRefusal(log, ["the store holds 3 entries", "already signed a checkpoint of size 6", "restore a store"])
        // --init does not help: the record says the key signed size 6.
        try await expectRefusal(log, arguments: ["--init"], ["already signed a checkpoint of size 6"])
        // A lost store, the key and its record intact: refused.
        try FileManager.default.removeItem(atPath: db)
        try await expectRefusal(log, ["the store holds 0 entries", "size 6"])
    }

    @Test(.timeLimit(.minutes(3)))
    func aKeyMadeBeforehandNeedsInitAndTheVerifierKeyIsWritten() async throws {
        let log = try TestLogDirectory(origin: "example.com/pregenerated")
        defer { log.remove() }
        try FileManager.default.createDirectory(atPath: log.dataDirectory, withIntermediateDirectories: true)
        // What `receiptlog keys generate` writes.
        let key = try SignerKey.generate(name: log.origin, type: .ed25519)
        try LocalFile.create(log.dataDirectory + "/log.key", bytes: Array((key.encoded + "\n").utf8), mode: 0o600)
        try await expectRefusal(log, ["the store is empty but the log key already exists", "--init"])
        let server = try await LogServerProcess.start(
            data: log.dataDirectory, origin: log.origin, issuers: log.issuersFile, arguments: ["--init"])
        defer { server.killNow() }
        try await register(log, server, ["x"])
        #expect(try await server.stop(signal: SIGTERM).status == 0)
        let vkey = try String(contentsOfFile: log.dataDirectory + "/log.vkey", encoding: .utf8)
        #expect(vkey == server.verifierKey + "\n")
        // log.vkey is written again when it is missing, and the log restarts without --init.
        try FileManager.default.removeItem(atPath: log.dataDirectory + "/log.vkey")
        let (again, _) = try await log.start()
        defer { again.killNow() }
        #expect(try String(contentsOfFile: log.dataDirectory + "/log.vkey", encoding: .utf8) == vkey)
        #expect(try await again.stop(signal: SIGTERM).status == 0)
    }
}
