import Foundation
import Synchronization

/// A `receiptlog serve` child process on a free loopback port, for tests that kill and restart
/// the real server.
///
/// `@unchecked Sendable`: the stored properties are set in `init` and never change; the
/// `Process` is only signalled and polled, and the output buffers are behind mutexes.
final class LogServerProcess: @unchecked Sendable {
    /// Why a start failed: the process exited before it listened, or did not listen in time.
    struct StartFailure: Error, CustomStringConvertible {
        /// The exit status, or nil when it was still running at the deadline (and was killed).
        let status: Int32?
        /// What the process wrote to standard error.
        let stderr: String
        /// True when another process still held the data directory's lock.
        var locked: Bool { stderr.contains("another process is serving") }
        var description: String { "receiptlog serve did not start (status \(status.map(String.init) ?? "running")): \(stderr)" }
    }

    /// The executable built next to the test bundle (the same products directory).
    static var binary: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("receiptlog")
    }

    let process: Process
    /// `http://127.0.0.1:<port>`, from the "listening on" line.
    let baseURL: String
    /// The log's verifier key, from the "log verifier key:" line.
    let verifierKey: String
    private let stderr: OutputBuffer

    private init(process: Process, baseURL: String, verifierKey: String, stderr: OutputBuffer) {
        self.process = process
        self.baseURL = baseURL
        self.verifierKey = verifierKey
        self.stderr = stderr
    }

    /// Starts `receiptlog serve` on `data` with `--listen 127.0.0.1:0` (and `environment` added to
    /// this process's) and returns once it listens. Throws ``StartFailure`` when it exits first or does not listen within `deadline`.
    static func start(
        data: String, origin: String, issuers: String, arguments: [String] = [], environment: [String: String] = [:],
        deadline: Duration = .seconds(30)
    ) async throws -> LogServerProcess {
        let process = Process()
        process.executableURL = binary
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        process.arguments =
            ["serve", "--data", data, "--listen", "127.0.0.1:0", "--origin", origin, "--issuers", issuers] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let stdout = OutputBuffer(out.fileHandleForReading)
        let stderr = OutputBuffer(err.fileHandleForReading)
        try process.run()
        let start = ContinuousClock.now
        while true {
            let text = stdout.text
            if let listening = line(in: text, after: "listening on "), let key = line(in: text, after: "log verifier key: ") {
                return LogServerProcess(process: process, baseURL: listening, verifierKey: key, stderr: stderr)
            }
            if !process.isRunning {
                await stderr.waitForEOF()
                throw StartFailure(status: process.terminationStatus, stderr: stderr.text)
            }
            if ContinuousClock.now - start > deadline {
                kill(process.processIdentifier, SIGKILL)
                throw StartFailure(status: nil, stderr: stderr.text)
            }
            try await Task.sleep(for: .milliseconds(2))
        }
    }

    /// The rest of the complete line that starts with `prefix`, if `text` holds one.
    private static func line(in text: String, after prefix: String) -> String? {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() where line.hasPrefix(prefix) {
            return String(line.dropFirst(prefix.count))
        }
        return nil
    }

    /// What the server wrote to standard error so far.
    var standardError: String { stderr.text }

    /// Sends `signal` and waits until the process has exited; returns its exit status (the signal
    /// number when a signal ended it).
    @discardableResult
    func stop(signal: Int32, timeout: Duration = .seconds(30)) async throws -> (status: Int32, bySignal: Bool) {
        kill(process.processIdentifier, signal)
        let start = ContinuousClock.now
        while process.isRunning {
            if ContinuousClock.now - start > timeout {
                kill(process.processIdentifier, SIGKILL)
                throw StartFailure(status: nil, stderr: "did not exit within \(timeout) of signal \(signal)")
            }
            try await Task.sleep(for: .milliseconds(1))
        }
        return (process.terminationStatus, process.terminationReason == .uncaughtSignal)
    }

    /// Sends SIGKILL without waiting (for `defer` blocks).
    func killNow() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

/// Collects what a child writes to one pipe, on a thread of its own, so the child never blocks
/// on a full pipe.
final class OutputBuffer: Sendable {
    private let state = Mutex<(text: String, eof: Bool)>(("", false))

    init(_ handle: FileHandle) {
        let thread = Thread { [self] in
            while true {
                let data = handle.availableData
                if data.isEmpty { break }
                self.state.withLock { $0.text += String(decoding: data, as: UTF8.self) }
            }
            self.state.withLock { $0.eof = true }
        }
        thread.start()
    }

    /// Everything read so far.
    var text: String { state.withLock { $0.text } }

    /// Returns once the pipe is closed (at most about a second after the child exits).
    func waitForEOF() async {
        for _ in 0..<1000 where !state.withLock({ $0.eof }) {
            try? await Task.sleep(for: .milliseconds(1))
        }
    }
}

/// A fresh directory under the system's temporary directory, removed by ``remove()``.
struct TemporaryDirectory {
    let path: String

    init(_ label: String) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("receiptlog-\(label)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
