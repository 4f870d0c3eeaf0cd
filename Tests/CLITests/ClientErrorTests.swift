import Foundation
import HTTPTestSupport
import Testing

/// Ports for the tests that need one in a known state: listened on, or free and closed.
enum TestPort {
    /// A socket listening on 127.0.0.1 at a free port; close it with `close(fd)`.
    static func listening() throws -> (fd: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && listen(fd, 16) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }

    /// A port on 127.0.0.1 that was just listened on and closed: nothing listens there.
    static func closed() throws -> Int {
        let (fd, port) = try listening()
        close(fd)
        return port
    }
}

/// Runs `receiptlog ARGUMENTS` and returns its exit status and standard error once it exits,
/// failing the test when it has not exited within 10 s.
func runWithinDeadline(_ arguments: [String]) async throws -> (status: Int32, stderr: String)? {
    do {
        let process = try await ChildProcess.start(arguments, waitingFor: ["\u{1}never printed"], deadline: .seconds(10))
        process.killNow()
        Testing.Issue.record("receiptlog \(arguments.joined(separator: " ")) printed a line it never prints")
        return nil
    } catch let failure as ChildProcess.StartFailure {
        guard let status = failure.status else {
            Testing.Issue.record("receiptlog \(arguments.joined(separator: " ")) did not exit within 10 s: \(failure.stderr)")
            return nil
        }
        return (status, failure.stderr)
    }
}

/// The client commands fail at once with one line that names the URL and says what happened
/// when the log cannot be reached (specs/errors.md).
@Suite struct ClientErrorTests {
    static let vkey = "log.example+7ac53cc5+AUptJwOHR387R4hBMfgL5gpNtM0I2UQNxaHnJMH0cZbG"

    /// The commands that talk to a log, each pointed at `url`.
    static func commands(_ url: String, extra: [String] = []) -> [[String]] {
        [
            ["checkpoint", "--log", url, "--vkey", vkey],
            ["submit", "--log", url, "/dev/null"],
            ["prove", "--log", url, "--index", "0", "--unverified"],
            ["monitor", "--log", url, "--vkey", vkey, "--once", "--state", "/nonexistent/state"],
            ["audit", "--log", url, "--vkey", vkey, "--no-signatures", "--state", "/nonexistent/state"],
        ].map { $0 + extra }
    }

    @Test func connectionRefusedIsOneLineAtOnce() async throws {
        let port = try TestPort.closed()
        for host in ["127.0.0.1", "localhost"] {
            let url = "http://\(host):\(port)"
            for command in Self.commands(url, extra: ["--timeout", "30"]) {
                guard let (status, stderr) = try await runWithinDeadline(command) else { continue }
                #expect(status == 1, "\(command): \(stderr)")
                #expect(stderr == "Error: cannot connect to \(url): connection refused; is the log running?\n", "\(command)")
            }
        }
    }

    @Test func unknownHostSaysItDoesNotResolve() async throws {
        let url = "http://no-such-host.invalid:8080"
        guard let (status, stderr) = try await runWithinDeadline(["checkpoint", "--log", url, "--vkey", Self.vkey]) else { return }
        #expect(status == 1)
        // Without a resolver at all the lookup may instead time out; either way one line names the URL.
        #expect(
            stderr == "Error: cannot connect to \(url): the host name no-such-host.invalid does not resolve; check the URL\n"
                || stderr.hasPrefix("Error: no answer from \(url) within "), "\(stderr)")
    }

    @Test func aLogThatStallsTimesOutAfterTimeout() async throws {
        let server = try await StallingHTTPServer.start()
        let url = "http://127.0.0.1:\(server.port)"
        let result = try await runWithinDeadline(["checkpoint", "--log", url, "--vkey", Self.vkey, "--timeout", "1"])
        await server.stop()
        guard let (status, stderr) = result else { return }
        #expect(status == 1)
        #expect(stderr == "Error: no answer from \(url) within 1 s; is the log running and reachable?\n", "\(stderr)")
    }

    @Test(arguments: ["0", "-1", "nan", "100000"])
    func timeoutMustBePositive(_ value: String) async throws {
        guard let (status, stderr) = try await runWithinDeadline(
            ["checkpoint", "--log", "http://127.0.0.1:1", "--vkey", Self.vkey, "--timeout=\(value)"])
        else { return }
        #expect(status != 0)
        #expect(stderr.contains("--timeout is a number of seconds from 0.001 to 86400"), "\(stderr)")
    }

    @Test func clientCommandsShowTheTimeoutOption() throws {
        for command in ["submit", "prove", "checkpoint", "audit", "monitor"] {
            let help = try ChildProcess.run([command, "--help"])
            #expect(help.stdout.contains("--timeout <seconds>"), "\(command)")
        }
    }
}
