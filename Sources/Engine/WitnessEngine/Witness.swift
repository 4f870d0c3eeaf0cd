// Layer 5 of DESIGN.md §4, the witness engine: verify the log's signature, check consistency
// with the stored checkpoint, persist atomically, cosign (c2sp.org/tlog-witness v1.0.0
// §add-checkpoint). No HTTP: the adapter maps ``WitnessEngineError`` codes to statuses.
internal import CryptoPrimitives
import Merkle
public import Notes
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A tlog witness: the logs it trusts, its cosignature key and its durable state.
///
/// ``addCheckpoint(_:)`` implements `add-checkpoint`. The check of the old size against the
/// stored size and the update of the stored checkpoint form one compare-and-swap per origin: a
/// per-origin lock is held from reading the stored size until the synced write has returned and
/// the in-memory copy has been updated, so two requests can never both succeed from the same
/// old size, and the stored size of a log never decreases (the rollback race of
/// c2sp.org/tlog-witness §add-checkpoint cannot happen). Requests for different logs do not
/// wait for each other, except for the short rewrite of the binding file.
///
/// The key and the state are bound (``WitnessBinding``): the state records the key and a state
/// ID; the binding file beside the key records the state ID and the newest tree cosigned per
/// log. A state that is missing, foreign or older than the binding is refused at start.
///
/// Origins are bytes: logs are told apart, looked up and stored by the exact bytes of their
/// origin (``LogOrigin``), never by Unicode equivalence.
///
/// Concurrency: every method is thread-safe and blocking (a successful `addCheckpoint` makes one
/// synced RocksDB write and one atomic file replace): call them off event loops. One process per
/// state directory: RocksDB's lock refuses a second open.
public final class Witness: Sendable {
    /// The witness's cosignature key (type 0x04); its name is the witness's name.
    public let key: SignerKey
    /// The logs this witness cosigns for.
    public let logs: LogList

    private let store: any WitnessStateStore
    private let states: [LogOrigin: LogState]
    private let originsByHash: [String: LogOrigin]
    private let clock: @Sendable () -> UInt64
    /// The binding file's path and contents, rewritten after each stored checkpoint.
    private let bindingPath: String
    private let binding: Mutex<WitnessBinding>
    /// How long a replay of the stored checkpoint is answered with the stored cosignature (no new
    /// signature, no write); after it, the checkpoint is cosigned afresh.
    public let replayInterval: UInt64

    /// One log's latest cosigned checkpoint, behind the lock that serialises its updates.
    private final class LogState: Sendable {
        let latest: Mutex<StoredCheckpoint?>
        init(_ latest: StoredCheckpoint?) { self.latest = Mutex(latest) }
    }

    /// The file name of the key inside a witness directory.
    public static let keyFileName = "witness.key"
    /// The file name of the binding inside a witness directory, beside the key.
    public static let bindingFileName = "witness.binding"
    /// The directory name of the RocksDB state inside a witness directory.
    public static let stateDirectoryName = "state"
    /// The default ``replayInterval``, in seconds.
    public static let defaultReplayInterval: UInt64 = 10

    /// Opens the witness whose key, binding and state live in `directory`, creating the
    /// directory, the key (named `name`, mode 0600), the state and the binding on first start.
    ///
    /// Returns the witness and whether its key was created now. Throws
    /// ``WitnessEngineError/Code/badKeyFile`` as ``WitnessKeyFile/loadOrCreate(at:name:)`` does,
    /// ``WitnessEngineError/Code/stateMismatch`` when the state does not go with the key (missing
    /// or empty while the binding says the key has cosigned, made for another key or binding, or
    /// older than the binding; `initState` starts again from an empty state only in the first
    /// case), and ``WitnessEngineError/Code/storage`` if the directory cannot be created or the
    /// state cannot be opened (another process holds it) or read.
    public static func open(
        directory: String, logs: LogList, name: String?, initState: Bool = false,
        replayInterval: UInt64 = Witness.defaultReplayInterval,
        clock: @escaping @Sendable () -> UInt64 = Witness.unixSeconds
    ) throws(WitnessEngineError) -> (witness: Witness, createdKey: Bool) {
        if mkdir(directory, 0o700) != 0 && errno != EEXIST {
            throw WitnessEngineError(.storage, "cannot create \(directory): \(String(cString: strerror(errno)))")
        }
        // Open the state first: its lock keeps a second process away from the key file too.
        let store = try RocksDBWitnessStore(path: directory + "/" + stateDirectoryName)
        let (key, created) = try WitnessKeyFile.loadOrCreate(at: directory + "/" + keyFileName, name: name)
        let witness = try Witness(
            key: key, logs: logs, store: store, bindingPath: directory + "/" + bindingFileName, initState: initState,
            replayInterval: replayInterval, clock: clock)
        return (witness, created)
    }

    /// Opens a witness with `key` over the state at `statePath` (a RocksDB directory), bound by
    /// the file `statePath + ".binding"`; checks and throws as
    /// ``open(directory:logs:name:initState:replayInterval:clock:)`` does.
    public convenience init(
        key: SignerKey, logs: LogList, statePath: String, initState: Bool = false,
        replayInterval: UInt64 = Witness.defaultReplayInterval,
        clock: @escaping @Sendable () -> UInt64 = Witness.unixSeconds
    ) throws(WitnessEngineError) {
        try self.init(
            key: key, logs: logs, store: RocksDBWitnessStore(path: statePath), bindingPath: statePath + ".binding",
            initState: initState, replayInterval: replayInterval, clock: clock)
    }

    /// Opens a witness with `key` over the state in `store`, bound by the file `bindingPath`;
    /// checks and throws as ``open(directory:logs:name:initState:replayInterval:clock:)`` does.
    public init(
        key: SignerKey, logs: LogList, store: any WitnessStateStore, bindingPath: String, initState: Bool = false,
        replayInterval: UInt64 = Witness.defaultReplayInterval,
        clock: @escaping @Sendable () -> UInt64 = Witness.unixSeconds
    ) throws(WitnessEngineError) {
        guard key.type == .cosignatureV1 else {
            throw WitnessEngineError(.badKeyFile, "a witness cosigns with a cosignature/v1 key (type 0x04)")
        }
        self.key = key
        self.logs = logs
        self.store = store
        self.clock = clock
        self.replayInterval = replayInterval
        self.bindingPath = bindingPath
        let stored = try store.loadAll()
        self.binding = Mutex(
            try Self.bind(key: key, store: store, stored: stored, bindingPath: bindingPath, initState: initState))
        var states: [LogOrigin: LogState] = [:]
        var originsByHash: [String: LogOrigin] = [:]
        for origin in logs.keys.keys {
            states[origin] = LogState(stored[origin])
            originsByHash[Self.originHash(origin.utf8)] = origin
        }
        self.states = states
        self.originsByHash = originsByHash
    }

    /// Checks that the state goes with the key and its binding file (or makes both for a new
    /// state) and returns the binding; the rules are those of ``open(directory:logs:name:initState:replayInterval:clock:)``.
    private static func bind(
        key: SignerKey, store: any WitnessStateStore, stored: [LogOrigin: StoredCheckpoint], bindingPath: String, initState: Bool
    ) throws(WitnessEngineError) -> WitnessBinding {
        let vkey = key.verifierKey.encoded
        let identity = try store.identity()
        if let identity, identity.key != vkey {
            throw WitnessEngineError(
                .stateMismatch,
                "the witness state was made for the key \(identity.key), not for this one (\(vkey)); use that key, or another state directory")
        }
        let current = WitnessBinding(
            stateID: identity?.stateID ?? WitnessBinding.newStateID(),
            marks: stored.mapValues { WitnessBinding.Mark(treeSize: $0.treeSize, rootHash: $0.rootHash) })
        guard let bound = try WitnessBinding.load(bindingPath) else {
            // No binding: a new witness, or a state from before bindings existed. The key has
            // cosigned nothing that a binding recorded, so the state is taken as it is.
            if identity == nil { try store.setIdentity(key: vkey, stateID: current.stateID) }
            try current.save(bindingPath)
            return current
        }
        guard let identity, !(stored.isEmpty && !store.existed) else {
            guard initState else {
                throw WitnessEngineError(
                    .stateMismatch,
                    "the witness state is missing or empty, but this key has cosigned (\(bindingPath)); restore the state directory, or start with --init-state to begin again from nothing, accepting any history the logs present")
            }
            let fresh = WitnessBinding(stateID: WitnessBinding.newStateID(), marks: current.marks)
            try store.setIdentity(key: vkey, stateID: fresh.stateID)
            try fresh.save(bindingPath)
            return fresh
        }
        guard identity.stateID == bound.stateID else {
            throw WitnessEngineError(
                .stateMismatch,
                "the witness state \(identity.stateID) is not the one this key is bound to (\(bound.stateID), \(bindingPath)): it was copied from another witness or another directory; restore this witness's own state")
        }
        for (origin, mark) in bound.marks {
            let have = stored[origin]
            guard let have, have.treeSize > mark.treeSize || (have.treeSize == mark.treeSize && have.rootHash == mark.rootHash) else {
                throw WitnessEngineError(
                    .stateMismatch,
                    "the witness state holds size \(have?.treeSize ?? 0) of \(origin), but this witness already cosigned size \(mark.treeSize) (\(bindingPath)): the state is older than what was cosigned (a restored backup); restore the newest state")
            }
        }
        // The state may be ahead of the binding (a crash between the two writes): catch up.
        if current != bound { try current.save(bindingPath) }
        return current
    }

    /// The current time in whole seconds since the POSIX epoch, the cosignature timestamp
    /// (c2sp.org/tlog-cosignature).
    public static let unixSeconds: @Sendable () -> UInt64 = { UInt64(max(1, time(nil))) }

    /// The origin hash of `origin`: the lowercase hex SHA-256 of the origin line's UTF-8 bytes,
    /// without its newline (specs/witness.md §Origin hash). It names a log in
    /// `GET /checkpoint/<origin-hash>`.
    public static func originHash(_ origin: String) -> String {
        originHash(Array(origin.utf8))
    }

    /// The origin hash of the origin with bytes `origin`.
    static func originHash(_ origin: [UInt8]) -> String {
        Hex.encode(SHA256.digest(origin))
    }

    /// Runs `add-checkpoint` on a parsed request and returns the witness's cosignature on the
    /// checkpoint, after the checkpoint is durably stored as the log's latest.
    ///
    /// The checks, in the order of c2sp.org/tlog-witness v1.0.0 §add-checkpoint, each with its
    /// error code:
    /// 1. the origin is in the log list, else ``WitnessEngineError/Code/unknownOrigin``;
    /// 2. a trusted key of the log signed the note and no trusted key's signature fails, else
    ///    ``WitnessEngineError/Code/untrustedCheckpoint``;
    /// 3. the old size is at most the checkpoint size, else
    ///    ``WitnessEngineError/Code/oldSizeTooLarge``;
    /// 4. the old size is the stored size (zero when none), else
    ///    ``WitnessEngineError/Code/oldSizeMismatch`` with ``WitnessEngineError/knownTreeSize``;
    /// 5. at the stored size, the root hash is the stored one, else
    ///    ``WitnessEngineError/Code/rootMismatch``;
    /// 6. the proof is a valid RFC 6962 consistency proof from the stored checkpoint (empty when
    ///    the old size is zero or equals the checkpoint size), else
    ///    ``WitnessEngineError/Code/inconsistentProof``.
    /// Checks 4 to 6 and the write run under the log's lock (the compare-and-swap). A
    /// ``WitnessEngineError/Code/storage`` error means nothing was cosigned.
    public func addCheckpoint(_ request: AddCheckpointRequest) throws(WitnessEngineError) -> Cosignature {
        let checkpoint = request.checkpoint
        let origin = LogOrigin(checkpoint.origin)
        guard let state = states[origin], let logKeys = logs.keys[origin] else {
            throw WitnessEngineError(.unknownOrigin, "this witness does not know the log \(checkpoint.origin)")
        }
        // "The witness MUST verify the checkpoint signature against the public key(s) it trusts
        // for the checkpoint origin, and it MUST ignore signatures from unknown keys."
        let logSignatures: [NoteSignature]
        do {
            logSignatures = try request.note.verify(with: logKeys)
        } catch {
            throw WitnessEngineError(.untrustedCheckpoint, "the checkpoint of \(checkpoint.origin) is not trusted: \(error.message)")
        }
        // "The old size MUST be equal to or lower than the checkpoint size."
        guard request.oldSize <= checkpoint.treeSize else {
            throw WitnessEngineError(
                .oldSizeTooLarge, "the old size \(request.oldSize) exceeds the checkpoint size \(checkpoint.treeSize)")
        }
        let now = clock()
        return try state.latest.withLock { (latest: inout StoredCheckpoint?) throws(WitnessEngineError) -> Cosignature in
            try Self.checkConsistency(request, with: latest)
            let previous = latest?.cosignature(by: key)
            // A replay of the stored checkpoint (anyone can send the log's published note again)
            // gets the stored cosignature: no signature, no write, until it is replayInterval old.
            if let latest, let previous, latest.note.text.utf8.elementsEqual(request.note.text.utf8),
                now < previous.timestamp || now - previous.timestamp < replayInterval
            {
                return previous
            }
            // Cosignature timestamps only grow per log, whatever the clock does.
            let timestamp = max(now, (previous?.timestamp ?? 0) + 1)
            let cosignature: Cosignature
            let cosigned: StoredCheckpoint
            do throws(NotesError) {
                cosignature = try key.cosign(checkpoint, timestamp: timestamp)
                let note = try Note(text: request.note.text, signatures: logSignatures + [cosignature.noteSignature])
                cosigned = StoredCheckpoint(note: note, checkpoint: checkpoint)
            } catch {
                throw WitnessEngineError(.malformedBody, "cannot cosign the checkpoint: \(error.message)")
            }
            // The checkpoint is stored (synced) before the cosignature is returned: "The witness
            // MUST persist the new checkpoint before responding." Then the binding records the
            // new size; a crash between the two leaves the state ahead of it, which start-up takes.
            try store.put(cosigned)
            try binding.withLock { (binding: inout WitnessBinding) throws(WitnessEngineError) in
                var next = binding
                next.marks[origin] = WitnessBinding.Mark(treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash)
                try next.save(bindingPath)
                binding = next
            }
            latest = cosigned
            return cosignature
        }
    }

    /// Checks 4 to 6 of ``addCheckpoint(_:)`` against the stored checkpoint `latest`.
    static func checkConsistency(_ request: AddCheckpointRequest, with latest: StoredCheckpoint?) throws(WitnessEngineError) {
        let checkpoint = request.checkpoint
        let knownSize = latest?.treeSize ?? 0
        // "The witness MUST check that the old size matches the size of the latest checkpoint it
        // cosigned for the checkpoint's origin (or zero if it never cosigned a checkpoint …)."
        guard request.oldSize == knownSize else {
            throw WitnessEngineError(
                .oldSizeMismatch, "the old size is \(request.oldSize) but the latest cosigned size is \(knownSize)",
                knownTreeSize: knownSize)
        }
        if let latest, latest.treeSize == checkpoint.treeSize {
            // "If the old size matches the checkpoint size, the witness MUST check that the root
            // hashes are also identical. If they don't match, the witness MUST respond with a
            // '409 Conflict'" (v1.0.0; later drafts answer 422).
            guard latest.rootHash == checkpoint.rootHash else {
                throw WitnessEngineError(
                    .rootMismatch, "the log \(checkpoint.origin) signed two different trees of size \(checkpoint.treeSize)")
            }
            guard request.proof.isEmpty else {
                throw WitnessEngineError(.inconsistentProof, "the proof between equal tree sizes is empty")
            }
        } else if request.oldSize == 0 {
            // "The proof MUST be empty if the old size is zero." Every tree extends the empty
            // one, except a tree of size zero whose root is not the empty tree's (RFC 6962 §2.1).
            guard request.proof.isEmpty else {
                throw WitnessEngineError(.inconsistentProof, "the proof from size 0 is empty")
            }
            guard checkpoint.treeSize > 0 || checkpoint.rootHash == Hash.emptyTree else {
                throw WitnessEngineError(.inconsistentProof, "the root hash of the empty tree is SHA-256 of nothing")
            }
        } else if let latest {
            // RFC 6962 §2.1.2; RFC 9162 §2.1.4.2 verification.
            let proof = ConsistencyProof(oldSize: latest.treeSize, newSize: checkpoint.treeSize, hashes: request.proof)
            do {
                try proof.verify(oldRoot: latest.rootHash, newRoot: checkpoint.rootHash)
            } catch {
                throw WitnessEngineError(
                    .inconsistentProof,
                    "the proof does not show size \(checkpoint.treeSize) extends size \(latest.treeSize)")
            }
        } else {
            preconditionFailure("bad math: a non-zero old size matched the known size without a stored checkpoint")
        }
    }

    /// Parses an `add-checkpoint` body, runs ``addCheckpoint(_:)`` and returns the response body:
    /// the cosignature as one note signature line, ending in a newline.
    ///
    /// Throws ``WitnessEngineError/Code/malformedBody`` for a body that does not parse, and the
    /// errors of ``addCheckpoint(_:)``.
    public func addCheckpoint(body: some Collection<UInt8>) throws(WitnessEngineError) -> [UInt8] {
        let request = try AddCheckpointRequest(parsing: body)
        let cosignature = try addCheckpoint(request)
        return cosignature.noteSignature.line
    }

    /// The latest checkpoint this witness cosigned for `origin`, or nil if it never cosigned one.
    ///
    /// Throws ``WitnessEngineError/Code/unknownOrigin`` if the origin is not in the log list.
    public func latestCheckpoint(origin: String) throws(WitnessEngineError) -> StoredCheckpoint? {
        try latestCheckpoint(LogOrigin(origin))
    }

    /// The latest checkpoint this witness cosigned for the log with the origin bytes `origin`.
    func latestCheckpoint(_ origin: LogOrigin) throws(WitnessEngineError) -> StoredCheckpoint? {
        guard let state = states[origin] else {
            throw WitnessEngineError(.unknownOrigin, "this witness does not know the log \(origin)")
        }
        return state.latest.withLock { $0 }
    }

    /// The latest checkpoint this witness cosigned for the log whose origin hash
    /// (``originHash(_:)``) is `originHash`: the log's signed note with the witness's
    /// cosignature appended.
    ///
    /// Throws ``WitnessEngineError/Code/noCheckpoint`` if no listed log has that origin hash
    /// (only the lowercase form matches) or the witness has not cosigned a checkpoint of it yet.
    public func latestCheckpoint(originHash: String) throws(WitnessEngineError) -> StoredCheckpoint {
        guard let origin = originsByHash[originHash], let latest = try latestCheckpoint(origin) else {
            throw WitnessEngineError(.noCheckpoint, "this witness has cosigned no checkpoint of a log with origin hash \(originHash)")
        }
        return latest
    }
}
