import ArgumentParser
import HTTPServing

/// The flags that set a server's ``ServerLimits`` (specs/http-api.md and specs/witness.md,
/// "Limits"); each one left out keeps its default.
struct ServerLimitOptions: ParsableArguments {
    @Option(help: "Seconds a connection with no request in progress stays open (default \(Self.seconds(ServerLimits.defaultIdleTimeout))).")
    var idleTimeout: Double?

    @Option(help: "Seconds a new connection may take to send its first request head (default \(Self.seconds(ServerLimits.defaultHeaderTimeout))).")
    var headerTimeout: Double?

    @Option(help: "Seconds a request body may take to arrive; then 408 (default \(Self.seconds(ServerLimits.defaultBodyTimeout))).")
    var bodyTimeout: Double?

    @Option(help: "The most connections open at once; more get 503 (default \(ServerLimits.defaultMaxConnections)).")
    var maxConnections: Int?

    @Option(help: "The most request bodies received at once; more get 503 (default \(ServerLimits.defaultMaxBodiesInFlight)).")
    var maxBodiesInFlight: Int?

    @Option(help: "Seconds graceful shutdown waits for open connections before it closes them (default \(Self.seconds(ServerLimits.defaultShutdownTimeout))).")
    var shutdownTimeout: Double?

    /// The limits, or a ``CommandFailure`` naming the first flag out of range.
    func limits() throws -> ServerLimits {
        ServerLimits(
            idleTimeout: try Self.duration(idleTimeout, "--idle-timeout") ?? ServerLimits.defaultIdleTimeout,
            headerTimeout: try Self.duration(headerTimeout, "--header-timeout") ?? ServerLimits.defaultHeaderTimeout,
            bodyTimeout: try Self.duration(bodyTimeout, "--body-timeout") ?? ServerLimits.defaultBodyTimeout,
            maxConnections: try Self.count(maxConnections, "--max-connections") ?? ServerLimits.defaultMaxConnections,
            maxBodiesInFlight: try Self.count(maxBodiesInFlight, "--max-bodies-in-flight") ?? ServerLimits.defaultMaxBodiesInFlight,
            shutdownTimeout: try Self.duration(shutdownTimeout, "--shutdown-timeout") ?? ServerLimits.defaultShutdownTimeout)
    }

    /// Seconds as a duration, at millisecond precision: from 0.001 to one day.
    static func duration(_ seconds: Double?, _ flag: String) throws -> Duration? {
        guard let seconds else { return nil }
        guard seconds.isFinite, seconds >= 0.001, seconds <= 86_400 else {
            throw CommandFailure("\(flag) is a number of seconds from 0.001 to 86400, not \(seconds)")
        }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }

    /// A cap: from 1 to 1,000,000.
    static func count(_ value: Int?, _ flag: String) throws -> Int? {
        guard let value else { return nil }
        guard (1...1_000_000).contains(value) else {
            throw CommandFailure("\(flag) is a count from 1 to 1000000, not \(value)")
        }
        return value
    }

    /// Whole seconds of a default, for the help text.
    static func seconds(_ duration: Duration) -> Int64 { duration.components.seconds }
}
