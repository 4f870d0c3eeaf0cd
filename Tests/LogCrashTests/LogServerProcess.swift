import Foundation
import HTTPTestSupport

/// A `receiptlog serve` child process on a free loopback port, for tests that kill and restart
/// the real server.
final class LogServerProcess: Sendable {
    /// Why a start failed: the process exited before it listened, or did not listen in time.
    typealias StartFailure = ChildProcess.StartFailure

    /// The running server.
    let process: ChildProcess
    /// `http://127.0.0.1:<port>`, from the "listening on" line.
    let baseURL: String
    /// The log's verifier key, from the "log verifier key:" line.
    let verifierKey: String

    private init(process: ChildProcess) {
        self.process = process
        baseURL = process.readyLines[0]
        verifierKey = process.readyLines[1]
    }

    /// Starts `receiptlog serve` on `data` with `--listen 127.0.0.1:0` (and `environment` added to
    /// this process's) and returns once it listens. Throws ``StartFailure`` when it exits first or does not listen within `deadline`.
    static func start(
        data: String, origin: String, issuers: String, arguments: [String] = [], environment: [String: String] = [:],
        deadline: Duration = .seconds(30)
    ) async throws -> LogServerProcess {
        let process = try await ChildProcess.start(
            ["serve", "--data", data, "--listen", "127.0.0.1:0", "--origin", origin, "--issuers", issuers] + arguments,
            environment: environment, waitingFor: ["listening on ", "log verifier key: "], deadline: deadline)
        return LogServerProcess(process: process)
    }

    /// What the server wrote to standard error so far.
    var standardError: String { process.standardError }

    /// Sends `signal` and waits until the process has exited; returns its exit status (the signal
    /// number when a signal ended it). Throws ``ChildProcess/StopTimeout`` when it is still running
    /// after `timeout` (then it is killed).
    @discardableResult
    func stop(signal: Int32, timeout: Duration = .seconds(30)) async throws -> ChildProcess.Exit {
        try await process.stop(signal: signal, within: timeout)
    }

    /// Sends SIGKILL without waiting (for `defer` blocks).
    func killNow() {
        process.killNow()
    }
}

extension ChildProcess.StartFailure {
    /// True when another process still held the data directory's lock.
    var locked: Bool { stderr.contains("another process is serving") }
}
