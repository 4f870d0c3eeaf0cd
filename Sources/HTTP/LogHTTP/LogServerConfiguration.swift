// What a log server needs to start (specs/http-api.md, "Running a log"): ``LogDeployment`` reads
// the files named here and checks every value before it makes any state.
public import HTTPServing
public import LogEngine
public import Statements

/// The settings of a log server: its data directory, origin, issuers, witnesses, listen address,
/// limits and batching. A value only: nothing is read or checked until
/// ``LogDeployment/init(configuration:logger:)``.
public struct LogServerConfiguration: Sendable {
    /// A value given directly, or a file to read it from at start.
    public enum Input<Value: Sendable>: Sendable {
        /// The path of a file holding the value, read (bounded) and parsed at start.
        case file(String)
        /// The value itself.
        case value(Value)
    }

    /// The data directory: the store (`db/`), the log key (`log.key`), its verifier key
    /// (`log.vkey`) and the signed-head record (`log.head`). Created (mode 0700) if missing.
    public var dataDirectory: String
    /// The log's origin: the first line of its checkpoints and the name of its key.
    public var origin: String
    /// The issuers whose statements the log accepts: an issuer list file or the list.
    public var issuers: Input<IssuerList>
    /// The witnesses the log sends checkpoints to: a witness policy file or the policy. Nil: the
    /// log publishes every checkpoint it signs.
    public var witnesses: Input<WitnessingPolicy>?
    /// Publish the newest signed checkpoint even without the witness quorum (overrides the
    /// policy's own setting when true).
    public var witnessFailOpen: Bool
    /// How checkpoints reach the witnesses.
    public var witnessTransport: any WitnessTransport
    /// The host to listen on (a name or an address; IPv6 without brackets).
    public var host: String
    /// The port to listen on; 0 picks a free port (``LogDeployment/listeningPort``).
    public var port: Int
    /// The limits on connections (specs/http-api.md, "Limits").
    public var limits: ServerLimits
    /// The most registrations in one batch.
    public var batchMaxCount: Int
    /// How long a batch waits to fill.
    public var batchMaxAge: Duration
    /// The most registrations waiting at once; more get 503.
    public var pendingLimit: Int
    /// Start a new, empty log with an existing `log.key` (one that has never signed a
    /// checkpoint): the `--init` flag.
    public var newLog: Bool
    /// Whether SIGTERM and SIGINT begin a graceful shutdown of ``LogDeployment/run(onListening:)``;
    /// false by default (an embedding program calls ``LogDeployment/shutdown()``).
    public var stopsOnSignals: Bool

    /// A configuration with the defaults for everything not given: 127.0.0.1:8080, default
    /// limits and batching, no witnesses.
    public init(
        dataDirectory: String, origin: String, issuers: Input<IssuerList>, witnesses: Input<WitnessingPolicy>? = nil,
        host: String = "127.0.0.1", port: Int = 8080
    ) {
        self.dataDirectory = dataDirectory
        self.origin = origin
        self.issuers = issuers
        self.witnesses = witnesses
        self.witnessFailOpen = false
        self.witnessTransport = HTTPWitnessTransport()
        self.host = host
        self.port = port
        self.limits = ServerLimits()
        self.batchMaxCount = LogConfiguration.defaultBatchMaxCount
        self.batchMaxAge = LogConfiguration.defaultBatchMaxAge
        self.pendingLimit = LogConfiguration.defaultPendingLimit
        self.newLog = false
        self.stopsOnSignals = false
    }

    /// `host:port`, with an IPv6 host in brackets.
    public var listenAddress: String { ListenAddress(host: host, port: port).description }
}
