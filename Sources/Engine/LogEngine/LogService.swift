// The log engine's front: registration (validate, then sequence) and the reads the API serves.
// No HTTP here: the adapters in LogHTTP parse requests, call these methods off the event loops,
// and encode the results.
public import Logging
public import LogStorage
import Merkle
import Notes
public import Statements
import Synchronization

/// A running log: its sequencer, its registration policy, and read access to its storage.
///
/// Every method that reads storage blocks on disk: call it off event loops. Reads are bounded
/// by the latest signed tree head, so everything they return is covered by a checkpoint the log
/// has published.
public final class LogService: Sendable {
    /// The log's configuration.
    public let configuration: LogConfiguration
    /// Where ``register(_:)`` runs its steps that block on disk.
    let blocking: any BlockingRunner
    /// The log's signing key.
    public let signer: LogSigner
    /// The registration checks.
    public let policy: RegistrationPolicy
    let storage: any LogStorage
    let sequencer: Sequencer
    /// The witnessing rounds, when the log has witnesses.
    let cosigner: Cosigner?
    /// Recently used signed tree heads by size, so that answers for one checkpoint share one
    /// parsed note and one COSE signature.
    private let heads = Mutex<[UInt64: TreeHead]>([:])
    /// Full tiles above level 0, for proofs.
    let fullTiles = FullTileCache()
    /// Elapsed time on the log's clock, for the ages of ``status()``.
    let stopwatch: Stopwatch

    /// Opens the log on `storage`: checks the stored state against the last signed checkpoint and
    /// against `record`, the newest checkpoint the key signed (kept outside the store), and
    /// starts the sequencer. An empty store with an empty record starts a new log only with
    /// `newLog` (the key has never signed a checkpoint). With `witnessing`, checkpoints are sent
    /// to the policy's witnesses by ``runWitnessing()`` and `/checkpoint` serves the newest one
    /// with a quorum (``publishedCheckpoint()``); `clock` times the witnessing rounds. Throws
    /// ``LogEngineError/Code/inconsistentState`` or ``LogEngineError/Code/badConfiguration`` when
    /// the log must not start.
    public init(
        storage: any LogStorage, record: any SignedHeadRecord, newLog: Bool, signer: LogSigner,
        policy: RegistrationPolicy, configuration: LogConfiguration, metrics: LogMetrics, logger: Logger,
        witnessing: (policy: WitnessingPolicy, transport: any WitnessTransport)? = nil,
        clock: any Clock<Duration> = ContinuousClock(), blocking: any BlockingRunner = DispatchBlockingRunner()
    ) throws(LogEngineError) {
        self.blocking = blocking
        guard signer.key.name.utf8.elementsEqual(configuration.origin.utf8) else {
            throw LogEngineError(.badConfiguration, "the log key is not named after the origin \"\(configuration.origin)\"")
        }
        if let w = witnessing {
            // A witness key with the log key's name and key ID would make every cosigned note
            // carry a second line that claims to be the log's: verifiers reject such notes
            // (c2sp.org/signed-note: a known key's failing signature rejects the note).
            for endpoint in w.policy.endpoints
            where endpoint.key.keyID == signer.key.keyID && endpoint.key.name.utf8.elementsEqual(signer.key.name.utf8) {
                throw LogEngineError(
                    .badConfiguration,
                    "the witness \(endpoint.name) has the log key's name and key ID; give the witness key another name")
            }
        }
        self.configuration = configuration
        self.signer = signer
        self.policy = policy
        self.storage = storage
        let stopwatch = Stopwatch(clock)
        self.stopwatch = stopwatch
        let sequencer = try Sequencer(
            storage: storage, record: record, newLog: newLog, signer: signer, configuration: configuration,
            metrics: metrics, logger: logger, fullTiles: fullTiles, stopwatch: stopwatch)
        self.sequencer = sequencer
        self.cosigner = try witnessing.map { (w) throws(LogEngineError) in
            try Cosigner(
                policy: w.policy, transport: w.transport, sequencer: sequencer, storage: storage,
                metrics: WitnessMetrics(factory: metrics.factory), clock: clock, stopwatch: stopwatch, logger: logger)
        }
    }

    /// Whether the log has witnesses.
    public var isWitnessed: Bool { cosigner != nil }

    /// Runs witnessing rounds until the task is cancelled; returns at once without witnesses.
    public func runWitnessing() async {
        await cosigner?.run()
    }

    /// Runs one witnessing round for the latest signed checkpoint now (for tests and tools).
    public func witnessNow() async {
        await cosigner?.round(treeHead)
    }

    /// The latest signed tree head.
    public var treeHead: TreeHead { sequencer.treeHead }

    /// The alarm that stopped the sequencer, or nil while it runs (for health checks).
    public var alarm: LogEngineError? { sequencer.stoppedBy }

    /// Registers a statement and returns the durable answer: ``prepare(_:)`` (on the blocking
    /// runner), then ``sequence(_:)``, then the answer the sequencer built (a new entry) or
    /// ``answer(_:)`` (a duplicate, on the blocking runner). Never blocks the caller's thread, so
    /// a route awaits it from an event loop: parse, call, encode.
    public func register(_ body: some Collection<UInt8>) async throws -> RegistrationAnswer {
        let bytes = Array(body)
        let prepared = try await blocking.run { try self.prepare(bytes) }
        let sequenced = try await sequence(prepared)
        if let built = builtAnswer(sequenced) { return built }
        return try await blocking.run { try self.answer(sequenced) }
    }

    /// Runs the registration checks (throwing ``StatementsError`` for bad input: nothing is
    /// stored) and looks the statement up in the dedup index. Blocks on disk.
    public func prepare(_ body: some Collection<UInt8>) throws -> PreparedRegistration {
        let registration = try policy.check(body)
        let leafHash = registration.leafHash
        if let index = try storage.index(ofLeafHash: leafHash),
            let covering = try storage.checkpoint(atLeast: index + 1)
        {
            return PreparedRegistration(leaf: registration.leaf, leafHash: leafHash,
                known: Sequenced(index: index, leafHash: leafHash, treeSize: covering.treeSize))
        }
        return PreparedRegistration(leaf: registration.leaf, leafHash: leafHash, known: nil)
    }

    /// Waits until a prepared statement is durable and covered by a signed checkpoint (at once
    /// when it already was). Throws ``LogEngineError`` with ``LogEngineError/Code/overloaded``,
    /// ``LogEngineError/Code/shuttingDown`` or ``LogEngineError/Code/stopped``. Never blocks a
    /// thread.
    public func sequence(_ prepared: PreparedRegistration) async throws -> Sequenced {
        if let known = prepared.known { return known }
        return try await sequencer.submit(leaf: prepared.leaf, leafHash: prepared.leafHash)
    }

    /// Stops accepting registrations and returns once every accepted one is answered.
    public func shutdown() async {
        await sequencer.shutdown()
    }

    /// The answer for a new entry, from the parts the sequencer built (no disk), with the
    /// cosignatures when its checkpoint is already published; nil for a duplicate, which
    /// ``answer(_:)`` reads from storage.
    public func builtAnswer(_ sequenced: Sequenced) -> RegistrationAnswer? {
        guard let built = sequenced.built else { return nil }
        var head = built.head
        if let published = cosigner?.publishedNote(size: head.treeSize), published.text == head.note.text {
            head = head.cosigned(published)
        }
        return RegistrationAnswer(index: sequenced.index, leafHash: sequenced.leafHash, treeHead: head, inclusionProof: built.inclusionProof)
    }

    /// The answer for a sequenced entry, with proofs for the tree that first held it. Blocks on
    /// disk.
    public func answer(_ sequenced: Sequenced) throws -> RegistrationAnswer {
        let head = try treeHead(size: sequenced.treeSize)
        let proof = try inclusionProof(index: sequenced.index, head: head)
        return RegistrationAnswer(index: sequenced.index, leafHash: sequenced.leafHash, treeHead: head, inclusionProof: proof)
    }

    /// The signed tree head of size `size`; throws ``LogEngineError/Code/notFound`` when the log
    /// signed no checkpoint of that size. Once the checkpoint of that size is published under a
    /// witness quorum, its note carries the cosignatures.
    public func treeHead(size: UInt64) throws -> TreeHead {
        let head = try signedTreeHead(size: size)
        if let published = cosigner?.publishedNote(size: size), published.text == head.note.text {
            return head.cosigned(published)
        }
        return head
    }

    /// The signed tree head of size `size`, as the sequencer signed it or as stored.
    private func signedTreeHead(size: UInt64) throws -> TreeHead {
        let latest = treeHead
        if size == latest.treeSize { return latest }
        if let head = heads.withLock({ $0[size] }) { return head }
        guard let note = try storage.checkpoint(treeSize: size) else {
            throw LogEngineError(.notFound, "the log has no checkpoint of size \(size)")
        }
        let head = try TreeHead(stored: note, signer: signer)
        heads.withLock { cache in
            if cache.count >= 64 { cache.removeAll() }
            cache[size] = head
        }
        return head
    }

    /// The inclusion proof of entry `index` in the tree of `head`.
    func inclusionProof(index: UInt64, head: TreeHead) throws -> InclusionProof {
        guard index < head.treeSize else {
            throw LogEngineError(.notFound, "entry \(index) is not in the tree of size \(head.treeSize)")
        }
        return try InclusionProof(
            leafIndex: index, treeSize: head.treeSize, reader: StoredTileHashReader(storage: storage, cache: fullTiles))
    }
}
