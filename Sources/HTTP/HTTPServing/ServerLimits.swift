// The limits every ReceiptLog HTTP server enforces on its connections (specs/http-api.md,
// "Limits"; specs/witness.md, "Limits"), so that slow or idle clients cannot hold the server.

/// Timeouts and caps for the connections of one HTTP server.
///
/// A server built with ``Hummingbird/HTTPServerBuilder/http1(limits:)`` enforces them:
///
/// - ``headerTimeout``: a new connection must deliver its first complete request head within
///   this time, else it is closed without an answer.
/// - ``idleTimeout``: a connection with no request in progress is closed after this time without
///   reading anything (between keep-alive requests, or halfway through a later request head).
/// - ``bodyTimeout``: a request body must arrive completely within this time of its head, else
///   the request is answered `408 Request Timeout` and the connection closed.
/// - ``maxConnections``: a connection accepted while this many are open is answered
///   `503 Service Unavailable` at once and closed, without reading a request.
/// - ``maxBodiesInFlight``: a request with a body whose head arrives while this many bodies are
///   being received is answered `503` and its connection closed, without reading the body.
/// - ``shutdownTimeout``: on graceful shutdown, idle connections close at once; a connection
///   still open this long afterwards is closed, whatever it is doing.
///
/// Every duration must be positive and every count at least 1.
public struct ServerLimits: Sendable, Hashable {
    /// How long a connection with no request in progress stays open (default 60 s).
    public let idleTimeout: Duration
    /// How long a new connection may take to send its first request head (default 10 s).
    public let headerTimeout: Duration
    /// How long a request body may take to arrive, from its head (default 30 s).
    public let bodyTimeout: Duration
    /// The most connections open at once (default 1,024).
    public let maxConnections: Int
    /// The most request bodies being received at once, over all connections (default 256).
    public let maxBodiesInFlight: Int
    /// How long graceful shutdown waits for connections before it closes them (default 10 s).
    public let shutdownTimeout: Duration

    /// The default idle timeout: 60 s.
    public static let defaultIdleTimeout = Duration.seconds(60)
    /// The default header timeout: 10 s.
    public static let defaultHeaderTimeout = Duration.seconds(10)
    /// The default body timeout: 30 s.
    public static let defaultBodyTimeout = Duration.seconds(30)
    /// The default connection cap: 1,024.
    public static let defaultMaxConnections = 1024
    /// The default cap on bodies in flight: 256.
    public static let defaultMaxBodiesInFlight = 256
    /// The default shutdown timeout: 10 s.
    public static let defaultShutdownTimeout = Duration.seconds(10)

    /// Limits with the given values; each one left out takes its default. Traps on a duration
    /// that is not positive or a count below 1: callers check user input first.
    public init(
        idleTimeout: Duration = defaultIdleTimeout, headerTimeout: Duration = defaultHeaderTimeout,
        bodyTimeout: Duration = defaultBodyTimeout, maxConnections: Int = defaultMaxConnections,
        maxBodiesInFlight: Int = defaultMaxBodiesInFlight, shutdownTimeout: Duration = defaultShutdownTimeout
    ) {
        precondition(
            idleTimeout > .zero && headerTimeout > .zero && bodyTimeout > .zero && shutdownTimeout > .zero,
            "ServerLimits: every timeout must be positive")
        precondition(maxConnections >= 1 && maxBodiesInFlight >= 1, "ServerLimits: every cap must be at least 1")
        self.idleTimeout = idleTimeout
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.maxConnections = maxConnections
        self.maxBodiesInFlight = maxBodiesInFlight
        self.shutdownTimeout = shutdownTimeout
    }

    /// How long a refused connection is kept half-closed, reading and discarding what the client
    /// still sends, so that the client reads the refusal before the connection resets.
    var lingerTime: Duration { min(.seconds(2), headerTimeout) }
}
