import LogClient

/// The `--log URL` option's client, with a one-line error for a bad URL.
enum LogURL {
    static func client(_ url: String) throws(CommandFailure) -> LogClient {
        do {
            return try LogClient(baseURL: url)
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
