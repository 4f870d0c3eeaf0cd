import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A `receiptlog witness serve` child process on a free loopback port, for tests that start,
/// stop and kill the real witness.
public final class WitnessServerProcess: Sendable {
    /// The running witness.
    public let process: ChildProcess
    /// The witness's verifier key, from its "witness key:" line.
    public let verifierKey: String
    /// The port it listens on, from its "listening on" line.
    public let port: Int

    private init(process: ChildProcess, verifierKey: String, port: Int) {
        self.process = process
        self.verifierKey = verifierKey
        self.port = port
    }

    /// Starts `receiptlog witness serve ARGUMENTS` (with `environment` added to this process's)
    /// and returns once it printed its key and listens. A start that takes more than 60 s is
    /// killed and throws ``ChildProcess/StartFailure``.
    public static func start(_ arguments: [String], environment: [String: String] = [:]) async throws -> WitnessServerProcess {
        let process = try await ChildProcess.start(
            ["witness", "serve"] + arguments, environment: environment, waitingFor: ["witness key: ", "listening on "],
            deadline: .seconds(60))
        guard let port = process.readyLines[1].split(separator: ":").last.flatMap({ Int($0) }) else {
            process.killNow()
            throw ChildProcess.StartFailure(
                command: "receiptlog witness serve", status: nil, stdout: process.standardOutput, stderr: process.standardError)
        }
        return WitnessServerProcess(process: process, verifierKey: process.readyLines[0], port: port)
    }

    /// Sends SIGKILL and waits for the exit.
    public func killHard() {
        process.killNow()
        process.waitUntilExit()
    }

    /// Sends SIGTERM and waits for the exit: its status and how long it took, or nil when the
    /// process was still running after `limit` (then it is killed).
    public func terminate(within limit: Duration) async -> (status: Int32, took: Duration)? {
        guard let exit = try? await process.stop(signal: SIGTERM, within: limit) else { return nil }
        return (exit.status, exit.took)
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
