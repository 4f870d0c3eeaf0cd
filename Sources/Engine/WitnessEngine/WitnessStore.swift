// The witness's durable state (c2sp.org/tlog-witness §add-checkpoint: "the witness is only
// required to keep track of the latest checkpoint it observed and verified"), in RocksDB.
internal import Notes
internal import RocksDB

/// The latest cosigned checkpoint of each log, kept in one RocksDB column family.
///
/// Layout: column family `checkpoints`, key = the origin's UTF-8 bytes, value = the cosigned
/// checkpoint note (the log's verified signatures, then the witness's cosignature) exactly as
/// ``Note/encoded`` gives it. Every write is one synced `WriteBatch`, so a checkpoint is either
/// wholly stored or not at all, and survives a crash once ``put(_:)`` returns.
///
/// Concurrency: RocksDB handles concurrent calls; the engine serialises writes per origin. Every
/// method blocks on disk I/O.
final class WitnessStore: Sendable {
    private let database: RocksDatabase
    static let family = "checkpoints"

    /// Opens (creating if missing) the store at `path`.
    ///
    /// Throws ``WitnessEngineError/Code/storage`` if the database cannot be opened, in particular
    /// when another process holds it (one process per directory).
    init(path: String) throws(WitnessEngineError) {
        do {
            database = try RocksDatabase(path: path, columnFamilies: [Self.family], blockCacheBytes: 8 << 20)
        } catch {
            let hint = error.code == .locked ? " (is another witness running on this directory?)" : ""
            throw WitnessEngineError(.storage, "cannot open the witness state: \(error.message)\(hint)")
        }
    }

    /// Reads every stored checkpoint.
    ///
    /// Throws ``WitnessEngineError/Code/storage`` if RocksDB fails or a stored value is not a
    /// signed note whose text is a checkpoint of the origin it is stored under.
    func loadAll() throws(WitnessEngineError) -> [String: StoredCheckpoint] {
        let rows: [(key: [UInt8], value: [UInt8])]
        do {
            rows = try database.scan(Self.family, from: [])
        } catch {
            throw WitnessEngineError(.storage, "cannot read the witness state: \(error.message)")
        }
        var out: [String: StoredCheckpoint] = [:]
        for row in rows {
            guard let origin = String(validating: row.key, as: UTF8.self) else {
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
    func put(_ checkpoint: StoredCheckpoint) throws(WitnessEngineError) {
        do {
            let batch = RocksWriteBatch(for: database)
            try batch.put(Array(checkpoint.checkpoint.origin.utf8), checkpoint.note.encoded, in: Self.family)
            try database.write(batch, sync: true)
        } catch {
            throw WitnessEngineError(.storage, "cannot store the checkpoint of \(checkpoint.checkpoint.origin): \(error.message)")
        }
    }
}
