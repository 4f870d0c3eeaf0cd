// The witness's durable state (c2sp.org/tlog-witness §add-checkpoint: "the witness is only
// required to keep track of the latest checkpoint it observed and verified"), in RocksDB: the
// default WitnessStateStore.
internal import Notes
internal import RocksDB

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The latest cosigned checkpoint of each log, and the identity of the state, in RocksDB: a
/// ``WitnessStateStore``.
///
/// Layout: column family `checkpoints`, key = the origin's UTF-8 bytes, value = the cosigned
/// checkpoint note (the log's verified signatures, then the witness's cosignature) exactly as
/// ``Note/encoded`` gives it; column family `identity`, rows `key` (the witness's verifier key, as
/// text) and `state` (the state ID of ``WitnessBinding``), written once when the state is made.
/// Every write is one synced `WriteBatch`, so a row is either wholly stored or not at all, and
/// survives a crash once the call returns.
///
/// Concurrency: RocksDB handles concurrent calls; the engine serialises writes per origin. Every
/// method blocks on disk I/O.
public final class RocksDBWitnessStore: WitnessStateStore {
    private let database: RocksDatabase
    static let family = "checkpoints"
    static let identityFamily = "identity"

    /// Whether a state existed at `path` before this open (RocksDB creates a missing one).
    public let existed: Bool

    /// Opens (creating if missing) the store at `path`.
    ///
    /// Throws ``WitnessEngineError/Code/storage`` if the database cannot be opened, in particular
    /// when another process holds it (one process per directory).
    public init(path: String) throws(WitnessEngineError) {
        existed = access(path + "/CURRENT", F_OK) == 0
        do {
            database = try RocksDatabase(
                path: path, columnFamilies: [Self.family, Self.identityFamily], blockCacheBytes: 8 << 20)
        } catch {
            let hint = error.code == .locked ? " (is another witness running on this directory?)" : ""
            throw WitnessEngineError(.storage, "cannot open the witness state: \(error.message)\(hint)")
        }
    }

    /// The identity recorded when the state was made: the witness's verifier key and the state
    /// ID, or nil for a state that records none (new, or made before identities were recorded).
    public func identity() throws(WitnessEngineError) -> (key: String, stateID: String)? {
        do {
            guard let key = try database.get(Array("key".utf8), in: Self.identityFamily),
                let state = try database.get(Array("state".utf8), in: Self.identityFamily)
            else { return nil }
            return (String(decoding: key, as: UTF8.self), String(decoding: state, as: UTF8.self))
        } catch {
            throw WitnessEngineError(.storage, "cannot read the witness state's identity: \(error.message)")
        }
    }

    /// Records the state's identity, durably (one synced write).
    public func setIdentity(key: String, stateID: String) throws(WitnessEngineError) {
        do {
            let batch = RocksWriteBatch(for: database)
            try batch.put(Array("key".utf8), Array(key.utf8), in: Self.identityFamily)
            try batch.put(Array("state".utf8), Array(stateID.utf8), in: Self.identityFamily)
            try database.write(batch, sync: true)
        } catch {
            throw WitnessEngineError(.storage, "cannot record the witness state's identity: \(error.message)")
        }
    }

    /// Reads every stored checkpoint.
    ///
    /// Throws ``WitnessEngineError/Code/storage`` if RocksDB fails or a stored value is not a
    /// signed note whose text is a checkpoint of the origin it is stored under.
    public func loadAll() throws(WitnessEngineError) -> [LogOrigin: StoredCheckpoint] {
        let rows: [(key: [UInt8], value: [UInt8])]
        do {
            rows = try database.scan(Self.family, from: [])
        } catch {
            throw WitnessEngineError(.storage, "cannot read the witness state: \(error.message)")
        }
        var out: [LogOrigin: StoredCheckpoint] = [:]
        for row in rows {
            guard let origin = LogOrigin(utf8: row.key) else {
                throw WitnessEngineError(.storage, "a stored origin is not UTF-8")
            }
            out[origin] = try StoredCheckpoint(stored: row.value, origin: origin)
        }
        return out
    }

    /// Stores `checkpoint` as the latest cosigned checkpoint of its origin, durably (one synced
    /// write) and atomically.
    ///
    /// Throws ``WitnessEngineError/Code/storage`` if RocksDB fails; the stored state is then the
    /// previous one or this one, and RocksDB refuses further writes until reopened.
    public func put(_ checkpoint: StoredCheckpoint) throws(WitnessEngineError) {
        do {
            let batch = RocksWriteBatch(for: database)
            try batch.put(Array(checkpoint.checkpoint.origin.utf8), checkpoint.note.encoded, in: Self.family)
            try database.write(batch, sync: true)
        } catch {
            throw WitnessEngineError(.storage, "cannot store the checkpoint of \(checkpoint.checkpoint.origin): \(error.message)")
        }
    }
}
