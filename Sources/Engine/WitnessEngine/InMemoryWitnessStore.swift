// A witness state in memory: the WitnessStateStore contract without a disk, for tests and for
// programs that embed a witness and keep its state themselves.
import Synchronization

/// A ``WitnessStateStore`` in memory. "Durable" here means: until this object goes away. A new
/// store over the ``snapshot`` of another is what a restart over a durable store gives.
public final class InMemoryWitnessStore: WitnessStateStore {
    /// The state: the identity and the latest checkpoint of each origin.
    public struct Snapshot: Sendable {
        /// The recorded identity, if any.
        public var identity: (key: String, stateID: String)?
        /// The latest stored checkpoint of each origin.
        public var checkpoints: [LogOrigin: StoredCheckpoint] = [:]

        /// An empty state.
        public init() {}
    }

    private let state: Mutex<Snapshot>
    public let existed: Bool

    /// A new, empty store.
    public init() {
        state = Mutex(Snapshot())
        existed = false
    }

    /// A store that starts from `snapshot`, as a restart over a durable state does.
    public init(restoring snapshot: Snapshot) {
        state = Mutex(snapshot)
        existed = true
    }

    /// The state as it is now.
    public var snapshot: Snapshot { state.withLock { $0 } }

    public func identity() throws(WitnessEngineError) -> (key: String, stateID: String)? {
        state.withLock { $0.identity }
    }

    public func setIdentity(key: String, stateID: String) throws(WitnessEngineError) {
        state.withLock { $0.identity = (key, stateID) }
    }

    public func loadAll() throws(WitnessEngineError) -> [LogOrigin: StoredCheckpoint] {
        state.withLock { $0.checkpoints }
    }

    public func put(_ checkpoint: StoredCheckpoint) throws(WitnessEngineError) {
        state.withLock { $0.checkpoints[LogOrigin(checkpoint.checkpoint.origin)] = checkpoint }
    }
}
