// How the log reaches its witnesses. The engine speaks c2sp.org/tlog-witness but does no HTTP
// itself: the server wires an HTTP client in, tests wire witnesses in directly.

/// Sends one `POST <url>/add-checkpoint` request to a witness.
public protocol WitnessTransport: Sendable {
    /// Posts `body` to the witness at `url` and returns the status, the `Content-Type` and the
    /// body of its answer. Throws when no answer arrives within `timeout` or the exchange fails.
    func addCheckpoint(url: String, body: [UInt8], timeout: Duration) async throws -> WitnessAnswer
}

/// A witness's answer to `add-checkpoint`.
public struct WitnessAnswer: Sendable {
    /// The HTTP status code.
    public let status: Int
    /// The `Content-Type`, if any.
    public let contentType: String?
    /// The body.
    public let body: [UInt8]

    /// Creates an answer.
    public init(status: Int, contentType: String?, body: [UInt8]) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }
}
