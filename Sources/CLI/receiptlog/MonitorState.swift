import Foundation
import Notes

/// The monitor's trusted checkpoint on disk: the signed note, replaced atomically (write a new
/// file, sync, rename), and checked against the log key when read.
struct MonitorState {
    let path: String
    let key: VerifierKey

    /// The trusted checkpoint, or nil before the first.
    func load() throws -> (note: Note, checkpoint: Checkpoint)? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let bytes = try InputFile.read(path, limit: Note.maxCount, what: "monitor state")
        do {
            let note = try Note(parsing: bytes)
            _ = try note.verify(with: [key])
            return (note, try Checkpoint(text: note.text))
        } catch {
            throw CommandFailure("the monitor state \(path) is not a checkpoint signed by the log key: \(error)")
        }
    }

    /// Replaces the trusted checkpoint with `note`.
    func save(_ note: Note) throws {
        try InputFile.replace(path, bytes: note.encoded, what: "monitor state")
    }
}
