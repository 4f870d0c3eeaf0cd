import LocalFiles

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reading and writing the files the issuer commands take and produce, with one-line errors.
enum InputFile {
    /// Reads all of `path` (`-` is standard input); throws if it cannot be read or is longer
    /// than `limit` bytes.
    static func read(_ path: String, limit: Int, what: String) throws(CommandFailure) -> [UInt8] {
        do {
            return try LocalFile.readInput(path, limit: limit, what: what)
        } catch {
            throw CommandFailure(error.message)
        }
    }

    /// Creates `path` with `mode`, refusing to replace an existing file, writes `bytes` and
    /// syncs the file and its directory.
    static func create(_ path: String, bytes: [UInt8], mode: mode_t, what: String) throws(CommandFailure) {
        do {
            try LocalFile.create(path, bytes: bytes, mode: mode)
        } catch {
            throw CommandFailure("cannot create \(what): \(error.message)")
        }
    }

    /// Replaces `path` atomically with `bytes`: writes and syncs `path.new`, renames it over
    /// `path` and syncs the directory, so a reader sees the old file or the new one, never a mix,
    /// and the new one survives a crash once this returns.
    static func replace(_ path: String, bytes: [UInt8], what: String) throws(CommandFailure) {
        do {
            try LocalFile.replace(path, bytes: bytes, mode: 0o644)
        } catch {
            throw CommandFailure("cannot replace \(what): \(error.message)")
        }
    }
}
