// What a witness server needs to start (specs/witness.md): ``WitnessServer`` reads the log list
// and checks the address before it makes its directory or key.
public import HTTPServing
public import WitnessEngine

/// The settings of a witness server. A value only: nothing is read or checked until
/// ``WitnessServer/init(configuration:logger:)``.
public struct WitnessServerConfiguration: Sendable {
    /// A log list given directly, or a file to read it from at start.
    public enum Logs: Sendable {
        /// The path of a log list file (`<origin> <verifier key>` lines), read at start.
        case file(String)
        /// The log list itself.
        case value(LogList)
    }

    /// The witness directory: its key (`witness.key`, mode 0600) and its state (RocksDB).
    public var dataDirectory: String
    /// The logs the witness cosigns for.
    public var logs: Logs
    /// The witness name for a new key; an existing key must have it. Nil: any existing key, and
    /// `<hostname>/witness` for a new one.
    public var name: String?
    /// Begin again from an empty state when the state is missing but the key has cosigned
    /// (`--init-state`).
    public var initState: Bool
    /// The host to listen on (a name or an address; IPv6 without brackets).
    public var host: String
    /// The port to listen on; 0 picks a free port (``WitnessServer/listeningPort``).
    public var port: Int
    /// The limits on connections (specs/witness.md, "Limits").
    public var limits: ServerLimits
    /// The threads that run engine calls (Ed25519, synced writes). More threads than cores let
    /// writes for different logs share one fsync (RocksDB group commit).
    public var engineThreads: Int
    /// Whether SIGTERM and SIGINT begin a graceful shutdown of ``WitnessServer/run(onListening:)``;
    /// false by default (an embedding program calls ``WitnessServer/shutdown()``).
    public var stopsOnSignals: Bool

    /// A configuration with the defaults for everything not given.
    public init(dataDirectory: String, logs: Logs, name: String? = nil, host: String = "127.0.0.1", port: Int = 7380) {
        self.dataDirectory = dataDirectory
        self.logs = logs
        self.name = name
        self.initState = false
        self.host = host
        self.port = port
        self.limits = ServerLimits()
        self.engineThreads = Self.defaultEngineThreads
        self.stopsOnSignals = false
    }

    /// The default number of engine threads.
    public static let defaultEngineThreads = 16
}
