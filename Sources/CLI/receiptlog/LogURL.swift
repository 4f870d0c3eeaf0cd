import LogClient

/// The `--log URL` option's client, with a one-line error for a bad URL.
enum LogURL {
    /// A client of the server at `url`: a `log`, or a `witness`, as messages name it
    /// ("is the log running?"). Commands with ``ClientOptions`` make theirs with
    /// ``ClientOptions/client(_:server:)``, which also sets the timeout.
    static func client(_ url: String, server: String = "log") throws(CommandFailure) -> LogClient {
        do {
            var client = try LogClient(baseURL: url)
            client.server = server
            return client
        } catch {
            throw CommandFailure(error.message)
        }
    }

    /// Runs `body`, turning client errors into one-line command failures.
    static func run<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as LogClientError {
            throw CommandFailure(error.message)
        }
    }
}
