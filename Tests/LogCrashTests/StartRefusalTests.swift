import Foundation
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
