// Where a SplitViewMonitor keeps the last checkpoint it trusted (specs/monitor.md): the signed
// note, only ever replaced by a consistent, larger one.
import LocalFiles
import Notes

/// The storage of a monitor's trusted checkpoint: the bytes of one signed note.
///
/// The monitor checks what ``load()`` returns against the log key itself; a store only keeps
/// bytes. ``save(_:)`` must be atomic and durable when it returns: after a crash, ``load()``
/// returns the old note or the new one, never a mix.
public protocol MonitorStateStore: Sendable {
    /// What the store names itself in messages (`monitor state monitor-4f1c….checkpoint`).
    var name: String { get }
    /// The saved note's bytes, or nil before the first save. Throws
    /// ``LogClientError/Code/unusableState`` when the state cannot be read.
    func load() throws(LogClientError) -> [UInt8]?
    /// Replaces the saved note with `bytes`. Throws ``LogClientError/Code/unusableState`` when
    /// it cannot be written.
    func save(_ bytes: [UInt8]) throws(LogClientError)
}

/// A monitor state in a local file, replaced atomically (write a new file, sync, rename, sync
/// the directory: `LocalFile.replace`).
public struct MonitorStateFile: MonitorStateStore {
    /// The file's path.
    public let path: String

    /// The state in the file at `path` (which need not exist yet).
    public init(path: String) { self.path = path }

    /// `monitor state PATH`.
    public var name: String { "monitor state \(path)" }

    /// The file's bytes, at most a note's size (``Note/maxCount``), or nil when there is no file.
    public func load() throws(LogClientError) -> [UInt8]? {
        do {
            return try LocalFile.read(path, limit: Note.maxCount)
        } catch {
            throw LogClientError(.unusableState, "cannot read the \(name): \(error.message)", underlying: error)
        }
    }

    /// Replaces the file with `bytes`, durably.
    public func save(_ bytes: [UInt8]) throws(LogClientError) {
        do {
            try LocalFile.replace(path, bytes: bytes, mode: 0o644)
        } catch {
            throw LogClientError(.unusableState, "cannot replace the \(name): \(error.message)", underlying: error)
        }
    }
}
