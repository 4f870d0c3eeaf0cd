// What the log's status page shows (specs/http-api.md, "Pages"): the log's identity, its latest
// and published checkpoints with their ages, and each witness's last exchange. Read from memory
// only: no disk, no blocking.
public import Merkle

/// A snapshot of a running log, for people: ``LogService/status()``.
///
/// Ages are measured on the clock the log was given (`LogService.init(clock:)`), from the moment
/// this process signed a checkpoint or exchanged with a witness; a checkpoint signed before the
/// process started has no age.
public struct LogStatus: Sendable {
    /// One checkpoint: its size, its root and how long ago this process signed it.
    public struct CheckpointState: Sendable {
        /// The tree size.
        public let treeSize: UInt64
        /// The root hash.
        public let rootHash: Hash
        /// Time since this process signed it (for the published checkpoint: since the log signed
        /// the tree head of the witnessing round that published it); nil when it was signed or
        /// published before this process started.
        public let age: Duration?
    }

    /// One witness of the log's policy and its last exchange with the log.
    public struct Witness: Sendable {
        /// The name in the witness policy file.
        public let name: String
        /// The witness's base URL.
        public let url: String
        /// The tree size of the last checkpoint it cosigned in this process, if any.
        public let cosignedSize: UInt64?
        /// Time since that cosignature arrived.
        public let cosignedAge: Duration?
        /// How long its last answered exchange took (a timeout is not an answer).
        public let latency: Duration?
        /// What went wrong in its last failed exchange, if any.
        public let lastError: String?
        /// Time since that failure.
        public let lastErrorAge: Duration?
    }

    /// The log's origin.
    public let origin: String
    /// The log's verifier key, in the signed-note encoding (`name+keyid+base64`).
    public let verifierKey: String
    /// The latest signed checkpoint.
    public let latest: CheckpointState
    /// The newest checkpoint whose cosignatures meet the witness quorum; nil before the first, and
    /// for a log without witnesses (whose latest checkpoint is the one it publishes).
    public let published: CheckpointState?
    /// Whether the log has witnesses.
    public let isWitnessed: Bool
    /// Whether `/checkpoint` fails open (serves the latest signed checkpoint while the newest
    /// lacks a quorum: `WitnessingPolicy.failOpen`).
    public let failsOpen: Bool
    /// The witnesses, in policy file order; empty without witnesses.
    public let witnesses: [Witness]
    /// The alarm that stopped the log, if one did.
    public let alarm: String?
}
