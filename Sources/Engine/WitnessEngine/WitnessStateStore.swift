// The seam between the witness engine and where its state lives (c2sp.org/tlog-witness
// §add-checkpoint: "the witness is only required to keep track of the latest checkpoint it
// observed and verified"). RocksDBWitnessStore is the durable store; InMemoryWitnessStore keeps
// the same state in memory, for tests and for programs that embed a witness and persist
// elsewhere. Tests/WitnessEngineTests/WitnessStateStoreConformanceTests runs one suite on both.

/// Where a witness keeps the latest cosigned checkpoint of each log and the identity of its state.
///
/// The contract every store keeps, which the engine's fork-proofing rests on:
/// - ``put(_:)`` is durable and atomic when it returns: a later ``loadAll()`` (after a restart,
///   for a durable store) gives that checkpoint or a newer one of its origin, never a mix of two.
/// - ``setIdentity(key:stateID:)`` likewise; ``identity()`` gives what was last set.
/// - ``existed`` says whether the state was there before this open, so that a state that went
///   missing is told apart from a new one.
/// The engine serialises writes per origin; a store must accept concurrent calls.
public protocol WitnessStateStore: Sendable {
    /// Whether a state existed before this store was opened.
    var existed: Bool { get }

    /// The identity recorded when the state was made (the witness's verifier key and the state
    /// ID of ``WitnessBinding``), or nil for a state that records none.
    func identity() throws(WitnessEngineError) -> (key: String, stateID: String)?

    /// Records the state's identity, durably.
    func setIdentity(key: String, stateID: String) throws(WitnessEngineError)

    /// Every stored checkpoint, by origin.
    func loadAll() throws(WitnessEngineError) -> [LogOrigin: StoredCheckpoint]

    /// Stores `checkpoint` as the latest cosigned checkpoint of its origin, durably and atomically.
    func put(_ checkpoint: StoredCheckpoint) throws(WitnessEngineError)
}
