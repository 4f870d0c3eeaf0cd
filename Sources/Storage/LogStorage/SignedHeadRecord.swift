// What a log keeps OUTSIDE its store (specs/http-api.md, "What the log keeps outside its
// store"): the newest checkpoint it ever signed. A store can be lost, restored from a backup or
// copied while the key survives; a log that trusted its store alone would then sign a second
// history for sizes it already published. With this record beside the key, start-up sees that
// the store is behind what the key signed and refuses.
import LocalFiles
import Synchronization

/// A durable record of the newest checkpoint the log signed, kept apart from its ``LogStorage``.
///
/// Contract: ``save(_:)`` is atomic and durable when it returns (a crash leaves the old record or
/// the new one); ``load()`` returns the last saved note. The sequencer saves a checkpoint here
/// after signing it and before any copy of it leaves the process (stored, answered or sent to a
/// witness), and never saves a smaller tree than the one recorded.
public protocol SignedHeadRecord: AnyObject, Sendable {
    /// The newest signed checkpoint note recorded, or nil when none ever was.
    func load() throws(LogStorageError) -> [UInt8]?

    /// Records `note` (a signed checkpoint note) in place of the previous one, durably.
    func save(_ note: [UInt8]) throws(LogStorageError)
}

/// The signed-head record as a file beside the log's key (`DIR/log.head`): the signed note,
/// replaced atomically (a new file, synced, renamed over the old one, the directory synced).
public final class FileSignedHeadRecord: SignedHeadRecord {
    /// The file's path.
    public let path: String

    /// A record at `path`; nothing is read or written until ``load()`` or ``save(_:)``.
    public init(path: String) {
        self.path = path
    }

    /// The largest record read: a checkpoint note with the log's signature and a few
    /// cosignatures is far smaller.
    static let maxBytes = 1 << 16

    public func load() throws(LogStorageError) -> [UInt8]? {
        do {
            return try LocalFile.read(path, limit: Self.maxBytes)
        } catch {
            throw LogStorageError(.io, "cannot read the signed-head record: \(error.message)")
        }
    }

    public func save(_ note: [UInt8]) throws(LogStorageError) {
        do {
            try LocalFile.replace(path, bytes: note, mode: 0o644)
        } catch {
            throw LogStorageError(.io, "cannot record the signed head: \(error.message)")
        }
    }
}

/// A ``SignedHeadRecord`` held in memory, for tests. Durable only for the life of the object.
public final class MemorySignedHeadRecord: SignedHeadRecord {
    private let note = Mutex<[UInt8]?>(nil)

    /// An empty record.
    public init() {}

    public func load() throws(LogStorageError) -> [UInt8]? { note.withLock { $0 } }

    public func save(_ note: [UInt8]) throws(LogStorageError) { self.note.withLock { $0 = note } }
}
