import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A `receiptlog witness serve` child process on a free loopback port, for tests that start,
/// stop and kill the real witness.
///
/// `@unchecked Sendable`: its stored properties are set in `init` and never change; the
/// `Process` is only signalled and waited on.
public final class WitnessServerProcess: @unchecked Sendable {
    /// Why a start failed: the output ended before the witness listened.
    public struct StartFailure: Error, CustomStringConvertible {
        public let output: String
        public var description: String { "receiptlog witness serve did not start; it printed: \(output)" }
    }

    /// The directory of the test binary, where `receiptlog` and the fault shim are built.
    public static let products = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()

    public let process = Process()
    /// The witness's verifier key, from its "witness key:" line.
    public let verifierKey: String
    /// The port it listens on, from its "listening on" line.
    public let port: Int

    private init(_ arguments: [String], environment: [String: String]) throws {
        process.executableURL = Self.products.appendingPathComponent("receiptlog")
        process.arguments = ["witness", "serve"] + arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        // A stuck start must not hang the test: kill it after 60 s, which ends the output.
        let process = self.process
        DispatchQueue.global().asyncAfter(deadline: .now() + 60) { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        var text = ""
        while !text.contains("listening on ") || !text.hasSuffix("\n") {
            let data = out.fileHandleForReading.availableData
            guard !data.isEmpty else { throw StartFailure(output: text) }
            text += String(decoding: data, as: UTF8.self)
        }
        let lines = text.split(separator: "\n")
        guard let key = lines.first(where: { $0.hasPrefix("witness key: ") }),
            let listening = lines.first(where: { $0.hasPrefix("listening on ") }),
            let port = listening.split(separator: ":").last.flatMap({ Int($0) })
        else { throw StartFailure(output: text) }
        verifierKey = String(key.dropFirst("witness key: ".count))
        self.port = port
    }

    /// Starts `receiptlog witness serve ARGUMENTS` (with `environment` added to this process's)
    /// and returns once it listens. It waits on a thread of its own: a blocking read on the
    /// cooperative pool could starve in-process servers of other tests.
    public static func start(_ arguments: [String], environment: [String: String] = [:]) async throws -> WitnessServerProcess {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try WitnessServerProcess(arguments, environment: environment) }) }.start()
        }
    }

    /// Sends SIGKILL and waits for the exit.
    public func killHard() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Sends SIGTERM and waits for the exit: its status and how long it took, or nil when the
    /// process was still running after `limit` (then it is killed).
    public func terminate(within limit: Duration) async -> (status: Int32, took: Duration)? {
        let start = ContinuousClock.now
        kill(process.processIdentifier, SIGTERM)
        while process.isRunning {
            guard ContinuousClock.now - start < limit else {
                killHard()
                return nil
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return (process.terminationStatus, ContinuousClock.now - start)
    }

    /// POSTs an add-checkpoint body; returns the status and the body.
    public func post(_ body: [UInt8]) async throws -> (status: Int, body: String) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/add-checkpoint")!)
        request.httpMethod = "POST"
        request.httpBody = Data(body)
        request.timeoutInterval = 10
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as! HTTPURLResponse).statusCode, String(decoding: data, as: UTF8.self))
    }

    /// GETs `path`; returns the status and the body.
    public func get(_ path: String) async throws -> (status: Int, body: Data) {
        let (data, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        return ((response as! HTTPURLResponse).statusCode, data)
    }
}
