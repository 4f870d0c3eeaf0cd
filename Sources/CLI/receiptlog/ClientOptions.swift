import ArgumentParser
import LogClient
import NIOCore

/// The `--timeout SECONDS` option of the commands that talk to a log (submit, prove, checkpoint,
/// audit, monitor): how long each request may wait for its answer. Connecting gives up sooner,
/// after ``LogClient/defaultConnectTimeout``, and a refused connection fails at once.
struct ClientOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Seconds each request to the log may take, from 0.001 to 86400 (default \(LogClientError.seconds(LogClient.defaultTimeout))); connecting gives up after \(LogClientError.seconds(LogClient.defaultConnectTimeout)).",
            valueName: "seconds"))
    var timeout: Double?

    func validate() throws {
        _ = try amount()
    }

    /// The request timeout, or a one-line error for a value out of range.
    func amount() throws(CommandFailure) -> TimeAmount {
        guard let timeout else { return LogClient.defaultTimeout }
        guard timeout.isFinite, timeout >= 0.001, timeout <= 86_400 else {
            throw CommandFailure("--timeout is a number of seconds from 0.001 to 86400, not \(timeout)")
        }
        return .milliseconds(Int64((timeout * 1000).rounded()))
    }

    /// A client of the server at `url` (a `log` or a `witness`, for messages) with this timeout.
    func client(_ url: String, server: String = "log") throws(CommandFailure) -> LogClient {
        var client = try LogURL.client(url, server: server)
        client.timeout = try amount()
        return client
    }
}
