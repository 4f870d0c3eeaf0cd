import Foundation

/// The real `receiptlog` binary (or another program) as a child of the tests: run to completion
/// with its output captured (``run(_:executable:stdin:environment:directory:)``), or started as
/// a server that runs until it is stopped (``start(_:executable:environment:directory:waitingFor:deadline:)``).
///
/// Every child gets this process's environment with `environment` added (for example
/// `LD_PRELOAD` = ``faultShim`` and `RECEIPTLOG_FAULT_DIR`), and this process's working directory
/// unless `directory` is given. Its standard output and standard error are read on threads of
/// their own, so that it never blocks on a full pipe.
///
/// `@unchecked Sendable`: the stored properties are set in `init` and never change; the
/// `Process` is only signalled, polled and waited on, and the output readers are `Sendable`.
public final class ChildProcess: @unchecked Sendable {
    /// The products directory the test bundle was built into, where `receiptlog` and the fault
    /// shim are built too.
    public static let products = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()

    /// The `receiptlog` executable built beside the tests.
    public static var receiptlog: URL { products.appendingPathComponent("receiptlog") }

    /// The path of the fault shim (Tests/FaultShim) built beside the tests, for a child's
    /// `LD_PRELOAD`; it reads its switches from the directory in `RECEIPTLOG_FAULT_DIR`.
    public static var faultShim: String { products.appendingPathComponent("libFaultShim.so").path }

    /// A finished run: its exit status (the signal number when a signal ended it) and everything
    /// it wrote.
    public struct Output: Sendable {
        /// The exit status.
        public var status: Int32
        /// Everything written to standard output.
        public var stdout: String
        /// Everything written to standard error.
        public var stderr: String
    }

    /// How a stopped process ended.
    public struct Exit: Sendable {
        /// The exit status, or the signal number when a signal ended it.
        public var status: Int32
        /// True when a signal ended it.
        public var bySignal: Bool
        /// The time from the signal to the exit.
        public var took: Duration
    }

    /// Why a start failed: the process exited before it printed the lines waited for, or did not
    /// print them in time (and was killed).
    public struct StartFailure: Error, CustomStringConvertible {
        /// The program and its arguments.
        public let command: String
        /// The exit status, or nil when it was still running at the deadline.
        public let status: Int32?
        /// What the process wrote to standard output.
        public let stdout: String
        /// What the process wrote to standard error.
        public let stderr: String

        /// The command, the status, and both outputs.
        public var description: String {
            "\(command) did not start (status \(status.map(String.init) ?? "running")): stdout: \(stdout) stderr: \(stderr)"
        }
    }

    /// A process still running when the time allowed after a signal ran out; it was then killed
    /// with SIGKILL.
    public struct StopTimeout: Error, CustomStringConvertible {
        /// The signal that did not stop it.
        public let signal: Int32
        /// The time it was given.
        public let timeout: Duration

        /// The signal and the time.
        public var description: String { "did not exit within \(timeout) of signal \(signal)" }
    }

    private let process: Process
    private let stdout: PipeReader
    private let stderr: PipeReader

    /// The rest of each line that ``start(_:executable:environment:directory:waitingFor:deadline:)``
    /// waited for, in the order of its prefixes.
    public let readyLines: [String]

    private init(process: Process, stdout: PipeReader, stderr: PipeReader, readyLines: [String]) {
        self.process = process
        self.stdout = stdout
        self.stderr = stderr
        self.readyLines = readyLines
    }

    private static func configured(_ arguments: [String], executable: URL, environment: [String: String], directory: URL?) -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        if let directory { process.currentDirectoryURL = directory }
        return process
    }

    /// Runs `executable ARGUMENTS` to completion and returns its status and output. Its standard
    /// input is a pipe that gets `stdin` (nothing when nil) and is then closed.
    ///
    /// Blocks the calling thread until the child exits; async code that shares the cooperative
    /// pool with in-process servers uses ``runOnThread(_:executable:stdin:environment:directory:)``.
    public static func run(
        _ arguments: [String], executable: URL = receiptlog, stdin: Data? = nil, environment: [String: String] = [:],
        directory: URL? = nil
    ) throws -> Output {
        let process = configured(arguments, executable: executable, environment: environment, directory: directory)
        let input = Pipe(), out = Pipe(), err = Pipe()
        process.standardInput = input
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = PipeReader(out.fileHandleForReading), stderr = PipeReader(err.fileHandleForReading)
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        let output = stdout.waitForEnd(), errors = stderr.waitForEnd()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: output, stderr: errors)
    }

    /// ``run(_:executable:stdin:environment:directory:)`` on a thread of its own: a blocking wait
    /// on the cooperative pool could starve servers running in this process, which the child may
    /// be talking to.
    public static func runOnThread(
        _ arguments: [String], executable: URL = receiptlog, stdin: Data? = nil, environment: [String: String] = [:],
        directory: URL? = nil
    ) async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(
                    with: Result { try run(arguments, executable: executable, stdin: stdin, environment: environment, directory: directory) })
            }.start()
        }
    }

    /// Starts `executable ARGUMENTS` as a server and returns once its standard output holds a
    /// complete line starting with each of `prefixes` (in any order); ``readyLines`` has the rest
    /// of those lines. Its standard input is `/dev/null`, and its output is read for as long as it
    /// runs.
    ///
    /// Throws ``StartFailure`` when the process exits first (with what it wrote, once its output
    /// ended) or when the lines are not there within `deadline` (then it is killed with SIGKILL,
    /// as it is when the waiting task is cancelled). Waits by polling every 2 ms: it blocks no
    /// thread.
    public static func start(
        _ arguments: [String], executable: URL = receiptlog, environment: [String: String] = [:], directory: URL? = nil,
        waitingFor prefixes: [String] = ["listening on "], deadline: Duration = .seconds(30)
    ) async throws -> ChildProcess {
        let process = configured(arguments, executable: executable, environment: environment, directory: directory)
        let out = Pipe(), err = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = PipeReader(out.fileHandleForReading), stderr = PipeReader(err.fileHandleForReading)
        let command = ([executable.lastPathComponent] + arguments).joined(separator: " ")
        let start = ContinuousClock.now
        while true {
            let text = stdout.text
            let values = prefixes.compactMap { line(in: text, after: $0) }
            if values.count == prefixes.count {
                return ChildProcess(process: process, stdout: stdout, stderr: stderr, readyLines: values)
            }
            if !process.isRunning {
                await stdout.end()
                await stderr.end()
                throw StartFailure(command: command, status: process.terminationStatus, stdout: stdout.text, stderr: stderr.text)
            }
            if ContinuousClock.now - start > deadline {
                kill(process.processIdentifier, SIGKILL)
                throw StartFailure(command: command, status: nil, stdout: stdout.text, stderr: stderr.text)
            }
            do {
                try await Task.sleep(for: .milliseconds(2))
            } catch {
                kill(process.processIdentifier, SIGKILL)
                throw error
            }
        }
    }

    /// The rest of the first complete line of `text` that starts with `prefix`.
    private static func line(in text: String, after prefix: String) -> String? {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() where line.hasPrefix(prefix) {
            return String(line.dropFirst(prefix.count))
        }
        return nil
    }

    /// The process identifier.
    public var pid: Int32 { process.processIdentifier }

    /// False once the process has exited.
    public var isRunning: Bool { process.isRunning }

    /// What the process wrote to standard output so far.
    public var standardOutput: String { stdout.text }

    /// What the process wrote to standard error so far.
    public var standardError: String { stderr.text }

    /// Sends `signal` to the process if it is still running; does not wait.
    public func send(_ signal: Int32) {
        if process.isRunning { kill(process.processIdentifier, signal) }
    }

    /// Sends SIGKILL if the process is still running; does not wait (for `defer` blocks).
    public func killNow() {
        send(SIGKILL)
    }

    /// Blocks the calling thread until the process has exited.
    public func waitUntilExit() {
        process.waitUntilExit()
    }

    /// Sends `signal` and waits until the process has exited; returns how it ended. When it is
    /// still running after `timeout`, sends SIGKILL, waits for that exit and throws
    /// ``StopTimeout``. Waits by polling every millisecond: it blocks no thread.
    @discardableResult
    public func stop(signal: Int32 = SIGTERM, within timeout: Duration = .seconds(30)) async throws -> Exit {
        let start = ContinuousClock.now
        send(signal)
        while process.isRunning {
            if ContinuousClock.now - start > timeout {
                send(SIGKILL)
                while process.isRunning { try? await Task.sleep(for: .milliseconds(1)) }
                throw StopTimeout(signal: signal, timeout: timeout)
            }
            try await Task.sleep(for: .milliseconds(1))
        }
        return Exit(
            status: process.terminationStatus, bySignal: process.terminationReason == .uncaughtSignal, took: ContinuousClock.now - start)
    }
}
